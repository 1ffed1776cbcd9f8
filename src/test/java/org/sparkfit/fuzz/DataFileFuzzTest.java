package org.sparkfit.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.hadoop.conf.Configuration;
import org.sparkfit.datasets.CsvSource;
import org.sparkfit.datasets.DataFormatException;
import org.sparkfit.datasets.DataSource;
import org.sparkfit.datasets.Examples;
import org.sparkfit.datasets.IdxSource;
import org.sparkfit.datasets.LibsvmSource;
import org.sparkfit.datasets.NpzSource;
import org.sparkfit.datasets.TextSource;
import org.sparkfit.datasets.Vocabulary;
import org.sparkfit.testing.TestData;

/**
 * Malformed data files, generated: mutations (cuts, flipped bytes, replaced cells, huge and negative numbers, odd
 * Unicode) of valid IDX, gzip, CSV, LIBSVM, npz and text files, read by the real readers as the driver and two
 * executors would (inspect, then both parts). The contract: a {@link DataFormatException} naming the file, or a
 * success that returns exactly what the file holds (checked against an independent reading of the mutated file or,
 * for gzip, the original records); never another exception type, never a hang. Seeds are fixed, so every CI run
 * tries the same cases; docs/RELIABILITY.md counts them.
 */
class DataFileFuzzTest {
    static final int TRIES = 250;
    private static final int ROWS = 20;
    private static final int WIDTH = 6;
    private static final int CLASSES = 3;
    private static final Configuration CONF = new Configuration();
    private static Path dir;
    private static TestData.Set set;
    private static byte[] idx;
    private static byte[] labels;
    private static byte[] npz;
    private static String csv;
    private static String libsvm;
    private static String text;

    @BeforeContainer
    static void writeValidFiles() throws IOException {
        dir = Files.createTempDirectory("sparkfit-fuzz");
        set = TestData.planted(ROWS, WIDTH, CLASSES, 3);
        TestData.writeIdx(set, new int[] {2, 3}, dir.resolve("images"), dir.resolve("labels"), false);
        idx = Files.readAllBytes(dir.resolve("images"));
        labels = Files.readAllBytes(dir.resolve("labels"));
        TestData.writeCsv(set, dir.resolve("valid.csv"), true);
        csv = Files.readString(dir.resolve("valid.csv"));
        TestData.writeLibsvm(set, dir.resolve("valid.libsvm"));
        libsvm = Files.readString(dir.resolve("valid.libsvm"));
        TestData.writeNpz(set, new int[] {WIDTH}, dir.resolve("valid.npz"), false, "train");
        npz = Files.readAllBytes(dir.resolve("valid.npz"));
        TestData.writeTextCsv(TestData.plantedTexts(ROWS, CLASSES, 4), dir.resolve("valid.txt.csv"), true);
        text = Files.readString(dir.resolve("valid.txt.csv"));
    }

    @AfterContainer
    static void removeFiles() throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    // ---- mutations of bytes ----

    /** A change to a file's bytes: a cut, flipped bits, a big-endian int written over four bytes, or an insertion. */
    record ByteMutation(String kind, double where, int value) {
        byte[] apply(byte[] valid, int from) {
            int at = from + (int) (where * (valid.length - from));
            byte[] out;
            switch (kind) {
                case "cut" -> out = Arrays.copyOf(valid, at);
                case "flip" -> {
                    out = valid.clone();
                    out[Math.min(at, out.length - 1)] ^= (byte) (value == 0 ? 1 : value);
                }
                case "int" -> {
                    out = valid.clone();
                    int i = Math.min(at, out.length - 4);
                    out[i] = (byte) (value >>> 24);
                    out[i + 1] = (byte) (value >>> 16);
                    out[i + 2] = (byte) (value >>> 8);
                    out[i + 3] = (byte) value;
                }
                default -> {
                    out = new byte[valid.length + 1];
                    System.arraycopy(valid, 0, out, 0, at);
                    out[at] = (byte) value;
                    System.arraycopy(valid, at, out, at + 1, valid.length - at);
                }
            }
            return out;
        }
    }

    @Provide
    Arbitrary<ByteMutation> byteMutations() {
        Arbitrary<Integer> values = Arbitraries.oneOf(Arbitraries.integers(),
                Arbitraries.of(0, -1, 1, Integer.MAX_VALUE, Integer.MIN_VALUE, 0x7fff_ffff / 3, 65_536, 255));
        return Combinators.combine(Arbitraries.of("cut", "flip", "int", "insert"),
                Arbitraries.doubles().between(0, 1), values).as(ByteMutation::new);
    }

    @Property(tries = TRIES, seed = "19001")
    void idxFiles(@ForAll("byteMutations") ByteMutation mutation) throws IOException {
        Path images = write("images", mutation.apply(idx, 0));
        Path labelFile = write("labels", labels);
        Examples[] parts = readOrRefuse(new IdxSource(images.toString(), labelFile.toString()), images);
        if (parts != null) {
            assertEquals(ROWS, parts[0].rows() + parts[1].rows(), "a success reads every record");
        }
    }

    @Property(tries = TRIES, seed = "19002")
    void gzipStreams(@ForAll("byteMutations") ByteMutation mutation) throws IOException {
        // Bytes 4-9 of a gzip header (time, flags, OS) do not affect the content: mutate from byte 10 on.
        Path images = write("images.gz", mutation.apply(gzip(idx), 10));
        Examples[] parts = readOrRefuse(new IdxSource(images.toString(), write("labels", labels).toString()),
                images);
        if (parts != null) {
            float[] all = concat(parts[0].features(), parts[1].features());
            assertArrayEquals(set.features(), all, "a gzip stream that reads must hold the original records");
        }
    }

    @Provide
    Arbitrary<String> cells() {
        return Arbitraries.oneOf(
                Arbitraries.of("2.5f", "1d", "0x1p3", "NaN", "-Infinity", "inf", "1e999", "1e", ".", "-", "+.5",
                        "1_000", "１", "\u00a0", "٣", "1,5", "", "\uFEFF1", "9223372036854775808", "-0", "1e-50",
                        "\uD83D\uDE00", "true", "null", "2.5", "7", "-3"),
                Arbitraries.strings().ofMaxLength(6).withChars("0123456789.eE+-xaf ,\t\u00e9\u0000"),
                Arbitraries.integers().map(String::valueOf),
                Arbitraries.doubles().map(String::valueOf));
    }

    /** A change to a line-based file: a cell replaced, a cell dropped or added, a cut, or a byte-order mark. */
    record LineMutation(String kind, double where, String cell) {
        String apply(String valid, String separator) {
            List<String> lines = new ArrayList<>(valid.lines().toList());
            int line = 1 + (int) (where * (lines.size() - 1));
            List<String> cells = new ArrayList<>(Arrays.asList(lines.get(line).split(separator, -1)));
            int column = (int) (where * 1000) % cells.size();
            switch (kind) {
                case "replace" -> cells.set(column, cell);
                case "drop" -> cells.remove(column);
                case "add" -> cells.add(column, cell);
                case "cut" -> {
                    String whole = String.join("\n", lines);
                    return whole.substring(0, (int) (where * whole.length()));
                }
                default -> {
                    return "\uFEFF" + valid;
                }
            }
            lines.set(line, String.join(separator, cells));
            return String.join("\n", lines) + "\n";
        }
    }

    @Provide
    Arbitrary<LineMutation> lineMutations() {
        return Combinators.combine(Arbitraries.of("replace", "replace", "drop", "add", "cut", "bom"),
                Arbitraries.doubles().between(0, 0.999).ofScale(3), cells()).as(LineMutation::new);
    }

    @Property(tries = TRIES, seed = "19003")
    void csvFiles(@ForAll("lineMutations") LineMutation mutation) throws IOException {
        String mutated = mutation.apply(csv, ",");
        Path file = write("data.csv", mutated.getBytes(StandardCharsets.UTF_8));
        Examples[] parts = readOrRefuse(new CsvSource(file.toString(), "label", true, ','), file);
        List<float[]> expected = StrictCsv.rows(mutated, CLASSES);
        if (parts == null) {
            assertTrue(expected == null, "refused a valid CSV:\n" + mutated);
        } else {
            assertTrue(expected != null, "read a malformed CSV without an error:\n" + mutated);
            assertEquals(expected.size(), parts[0].rows() + parts[1].rows());
            for (int r = 0; r < expected.size(); r++) {
                Examples part = r < parts[0].rows() ? parts[0] : parts[1];
                int i = r < parts[0].rows() ? r : r - parts[0].rows();
                float[] features = Arrays.copyOfRange(part.features(), i * WIDTH, (i + 1) * WIDTH);
                assertArrayEquals(Arrays.copyOf(expected.get(r), WIDTH), features, "row " + r);
                assertEquals(expected.get(r)[WIDTH], part.label(i), "label of row " + r);
            }
        }
    }

    @Property(tries = TRIES, seed = "19004")
    void libsvmFiles(@ForAll("lineMutations") LineMutation mutation) throws IOException {
        String mutated = mutation.apply("# a comment line, as LIBSVM allows\n" + libsvm, " ");
        Path file = write("data.libsvm", mutated.getBytes(StandardCharsets.UTF_8));
        readOrRefuse(new LibsvmSource(file.toString(), WIDTH, true), file);
    }

    @Property(tries = TRIES, seed = "19005")
    void npzFiles(@ForAll("byteMutations") ByteMutation mutation) throws IOException {
        Path file = write("data.npz", mutation.apply(npz, 0));
        Examples[] parts = readOrRefuse(new NpzSource(file.toString(), "x_train", "y_train"), file);
        if (parts != null) {
            assertEquals(ROWS, parts[0].rows() + parts[1].rows(), "a success reads every row");
        }
    }

    @Property(tries = TRIES, seed = "19006")
    void textFiles(@ForAll("lineMutations") LineMutation mutation) throws IOException {
        Path file = write("texts.csv", mutation.apply(text, ",").getBytes(StandardCharsets.UTF_8));
        TextSource source = new TextSource(file.toString(), "text", "label", true, ',', false,
                Vocabulary.Mode.MULTI_HOT, 50, null);
        readOrRefuse(source.withVocabulary(new Vocabulary(Vocabulary.Mode.MULTI_HOT, 50, List.of("a", "b"))), file);
    }

    /**
     * Inspects and reads both parts of {@code source}: the parts, or null when it refused with a message naming
     * {@code file}. Any other exception, or more than ten seconds, fails the property.
     */
    private static Examples[] readOrRefuse(DataSource source, Path file) {
        return assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try {
                source.inspect(CONF);
                return new Examples[] {source.read(CONF, 0, 2, CLASSES), source.read(CONF, 1, 2, CLASSES)};
            } catch (DataFormatException e) {
                assertTrue(e.getMessage().contains(file.toString()), "names the file: " + e.getMessage());
                assertEquals(1, e.getMessage().lines().count(), "one line: " + e.getMessage());
                return null;
            } catch (Exception e) {
                fail("not a DataFormatException: " + e, e);
                return null;
            }
        });
    }

    private static Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    private static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        }
        return bytes.toByteArray();
    }

    private static float[] concat(float[] a, float[] b) {
        float[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
