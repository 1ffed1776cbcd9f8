package org.sparkfit.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkfit.testing.LocalReads;

/**
 * CSV and LIBSVM files read in byte ranges ({@link RowSplit}): however many parts read a file, together they hold
 * each row once, in the file's order, keyed by where its line starts; the bytes they read are the file's once plus
 * a little per part; and a bad row in any part is reported at the file's line.
 */
class RowSplitTest {
    private static final Configuration CONF = new Configuration();
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final int ROWS = 300;
    private static final int MANY_ROWS = 20_000;

    @TempDir
    Path dir;

    /** A file's lines, and where each data row's line starts. */
    private record Written(Path file, long[] rowStarts, float[] labels) {
    }

    /**
     * A CSV with a byte-order mark, a header, lines of very different lengths, some ending in CRLF, and empty lines
     * between rows; or the same rows as LIBSVM lines.
     */
    private Written write(String name, boolean libsvm, boolean gzip) throws IOException {
        return write(name, libsvm, gzip, ROWS);
    }

    private Written write(String name, boolean libsvm, boolean gzip, int rows) throws IOException {
        Random random = new Random(7);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(BOM);
        if (!libsvm) {
            bytes.write("a,b,label\n".getBytes(StandardCharsets.UTF_8));
        }
        long[] starts = new long[rows];
        float[] labels = new float[rows];
        for (int r = 0; r < rows; r++) {
            if (random.nextInt(10) == 0) {
                bytes.write(random.nextBoolean() ? "\n".getBytes(StandardCharsets.UTF_8)
                        : "\r\n".getBytes(StandardCharsets.UTF_8));
            }
            starts[r] = bytes.size() - BOM.length;
            labels[r] = random.nextInt(3);
            String a = Integer.toString(r);
            String b = "1" + "0".repeat(random.nextInt(30));
            String line = libsvm ? (int) labels[r] + " 1:" + a + " 2:" + b : a + "," + b + "," + (int) labels[r];
            bytes.write((line + (random.nextBoolean() ? "\r\n" : "\n")).getBytes(StandardCharsets.UTF_8));
        }
        Path file = dir.resolve(name);
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file))
                : Files.newOutputStream(file)) {
            out.write(bytes.toByteArray());
        }
        for (int r = 0; r < rows; r++) {
            starts[r] += BOM.length;
        }
        return new Written(file, starts, labels);
    }

    private static DataSource source(Written data, boolean libsvm) {
        return libsvm ? new LibsvmSource(data.file().toString(), 2, true)
                : new CsvSource(data.file().toString(), "label", true, ',');
    }

    @Test
    void partsTogetherHoldEveryRowOnceInOrderKeyedByItsLineStart() throws IOException {
        for (boolean libsvm : new boolean[] {false, true}) {
            for (boolean gzip : new boolean[] {false, true}) {
                Written data = write("rows-" + libsvm + gzip, libsvm, gzip);
                DataSource source = source(data, libsvm);
                for (int parts = 1; parts <= 7; parts++) {
                    List<Long> keys = new ArrayList<>();
                    List<Float> labels = new ArrayList<>();
                    List<Float> first = new ArrayList<>();
                    for (int part = 0; part < parts; part++) {
                        Examples examples = source.read(CONF, part, parts, 3);
                        float[] features = examples.features();
                        for (int i = 0; i < examples.rows(); i++) {
                            keys.add(examples.rowKey(i));
                            labels.add(examples.label(i));
                            first.add(features[i * 2]);
                        }
                    }
                    // A gzip file is read whole by every part, each keeping every n-th row: order by key.
                    Integer[] order = new Integer[keys.size()];
                    Arrays.setAll(order, i -> i);
                    Arrays.sort(order, (x, y) -> Long.compare(keys.get(x), keys.get(y)));
                    String what = (libsvm ? "libsvm" : "csv") + (gzip ? " gzip" : "") + " in " + parts + " parts";
                    assertEquals(ROWS, keys.size(), what);
                    for (int r = 0; r < ROWS; r++) {
                        assertEquals(data.rowStarts()[r], keys.get(order[r]), what + ", row " + r);
                        assertEquals(data.labels()[r], labels.get(order[r]), what + ", row " + r);
                        assertEquals(r, first.get(order[r]), what + ", row " + r);
                        if (!gzip) {
                            assertEquals(r, order[r], what + ": parts hold consecutive rows, in part order");
                        }
                    }
                }
            }
        }
    }

    @Test
    void partsReadTheFileOncePlusTheirHeadersAndBoundaryLines() throws IOException {
        Written data = write("big.csv", false, false, MANY_ROWS);
        long size = Files.size(data.file());
        int parts = 4;
        long before = LocalReads.bytes();
        DataSource source = source(data, false);
        for (int part = 0; part < parts; part++) {
            source.read(CONF, part, parts, 3);
        }
        long read = LocalReads.bytes() - before;
        assertTrue(read >= size, read + " bytes read of " + size);
        // Besides its range, each part reads the header (the text reader's first block, 8 KiB) and opens the file six
        // times (the header, tests for gzip and a byte-order mark, the lines at both ends, the range), each open
        // filling a 1 KiB buffer or two (a test for gzip, then a seek): far less than the file, which every part
        // read whole before.
        assertTrue(read <= size + parts * (8 + 6 * 2) * 1024, read + " bytes read of " + size);
    }

    @Test
    void aBadRowInALaterPartIsReportedAtTheFilesLine() throws IOException {
        Path file = dir.resolve("bad.csv");
        StringBuilder text = new StringBuilder("x,label\n");
        for (int r = 0; r < 200; r++) {
            text.append(r == 150 ? "é," : r + ",").append(r % 2).append(r % 3 == 0 ? "\n\n" : "\n");
        }
        Files.writeString(file, text);
        long line = text.substring(0, text.indexOf("é,")).chars().filter(c -> c == '\n').count() + 1;
        CsvSource source = new CsvSource(file.toString(), "label", true, ',');
        int failing = 0;
        for (int part = 0; part < 3; part++) {
            int at = part;
            if (part < 2) {
                source.read(CONF, at, 3, 2);
                continue;
            }
            DataFormatException e = assertThrows(DataFormatException.class, () -> source.read(CONF, at, 3, 2));
            assertEquals(file + ": line " + line + ": column 0 holds 'é', not a number", e.getMessage());
            assertEquals(line, e.position());
            failing++;
        }
        assertEquals(1, failing);

        Path svm = dir.resolve("bad.svm");
        Files.writeString(svm, "0 1:1\n".repeat(150) + "\n1 1:x\n" + "0 1:1\n".repeat(50));
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> new LibsvmSource(svm.toString(), 1, true).read(CONF, 1, 2, 2));
        assertEquals(svm + ": line 152: feature 1 is 'x', not a finite number", e.getMessage());
        assertEquals(152, e.position());
    }

    @Test
    void aDirectoryOfPartFilesReadsAsTheirRowsOneAfterTheOther() throws IOException {
        Path parts = Files.createDirectory(dir.resolve("parts"));
        StringBuilder[] files = {new StringBuilder(), new StringBuilder(), new StringBuilder()};
        int rows = 0;
        for (int f = 0; f < files.length; f++) {
            files[f].append("x,label\n");
            for (int r = 0; r < 40 + 30 * f; r++, rows++) {
                files[f].append(rows).append(',').append(rows % 3).append('\n');
            }
        }
        Files.writeString(parts.resolve("part-00000.csv"), files[0]);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(parts.resolve("part-00001.csv.gz")))) {
            out.write(files[1].toString().getBytes(StandardCharsets.UTF_8));
        }
        Files.writeString(parts.resolve("part-00002.csv"), files[2]);
        Files.writeString(parts.resolve("_SUCCESS"), "");
        Files.writeString(parts.resolve(".part-00000.csv.crc"), "not data");
        CsvSource source = new CsvSource(parts.toString(), "label", true, ',');
        assertEquals(1, source.inspect(CONF).featureWidth());
        for (int n = 1; n <= 5; n++) {
            List<Long> keys = new ArrayList<>();
            List<Float> values = new ArrayList<>();
            for (int part = 0; part < n; part++) {
                Examples examples = source.read(CONF, part, n, 3);
                for (int i = 0; i < examples.rows(); i++) {
                    keys.add(examples.rowKey(i));
                    values.add(examples.features()[i]);
                }
            }
            assertEquals(rows, values.size(), n + " parts");
            for (int r = 0; r < rows; r++) {
                assertEquals(r, values.get(r), n + " parts: the files' rows in order, each once");
            }
            assertEquals(1L << 40, keys.get(40) - "x,label\n".length(), "the second file's first row's key");
        }

        Files.writeString(parts.resolve("part-00002.csv"), "y,label\n1,0\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> source.read(CONF, 0, 1, 3));
        assertEquals(parts + "/part-00002.csv: line 1: the header [y, "
                + "label] differs from the first file's [x, label]; every file of a directory holds the same columns",
                e.getMessage());
    }

    @Test
    void anEmptyDirectoryIsRefusedByName() throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        Files.writeString(empty.resolve("_SUCCESS"), "");
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> new LibsvmSource(empty.toString(), 2, true).inspect(CONF));
        assertEquals(empty + ": the directory holds no data files (names starting with _ or . are not data); check "
                + "the path in the job file", e.getMessage());
    }

    @Test
    void aFileShorterThanItsPartsLeavesSomeEmpty() throws IOException {
        Path file = dir.resolve("short.csv");
        Files.writeString(file, "1,0\n2,1\n");
        CsvSource source = new CsvSource(file.toString(), "-1", false, ',');
        int rows = 0;
        for (int part = 0; part < 5; part++) {
            rows += source.read(CONF, part, 5, 2).rows();
        }
        assertEquals(2, rows);
        float[] all = source.read(CONF, 0, 1, 2).features();
        assertArrayEquals(new float[] {1, 2}, all);
    }
}
