package org.sparkfit.testing;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * Synthetic data sets whose right answer is known: IDX and CSV files of examples labelled by a planted rule, so a
 * test can tell learning from running.
 */
public final class TestData {
    private TestData() {
    }

    /** A labelled synthetic set: {@code rows} examples of {@code width} features in [0, 255]. */
    public record Set(int rows, int width, int classes, float[] features, int[] labels) {
    }

    /**
     * Examples whose label is the index of the largest of the first {@code classes} feature groups' sums: a rule a
     * small dense network learns to high accuracy.
     */
    public static Set planted(int rows, int width, int classes, long seed) {
        Random random = new Random(seed);
        float[] features = new float[rows * width];
        int[] labels = new int[rows];
        int group = width / classes;
        for (int r = 0; r < rows; r++) {
            int label = random.nextInt(classes);
            for (int i = 0; i < width; i++) {
                float base = random.nextInt(128);
                features[r * width + i] = i / group == label ? Math.min(255, base + 100) : base;
            }
            labels[r] = label;
        }
        return new Set(rows, width, classes, features, labels);
    }

    /**
     * Sequences of {@code length} word indices in [1, vocabulary) whose label is 1 when word {@code marker} occurs
     * in them (half of them), else 0: a rule an embedding and a recurrent layer learn.
     */
    public static Set markedSequences(int rows, int length, int vocabulary, int marker, long seed) {
        Random random = new Random(seed);
        float[] features = new float[rows * length];
        int[] labels = new int[rows];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < length; i++) {
                int word;
                do {
                    word = 1 + random.nextInt(vocabulary - 1);
                } while (word == marker);
                features[r * length + i] = word;
            }
            labels[r] = random.nextInt(2);
            if (labels[r] == 1) {
                features[r * length + random.nextInt(length)] = marker;
            }
        }
        return new Set(rows, length, 2, features, labels);
    }

    /**
     * Sequences of {@code steps} time steps of 2 features, a 0/1 flag and noise in [0, 10), whose target is the
     * number of steps flagged: a count a recurrent network regresses.
     */
    public static Set countedFlags(int rows, int steps, long seed) {
        Random random = new Random(seed);
        float[] features = new float[rows * steps * 2];
        int[] labels = new int[rows];
        for (int r = 0; r < rows; r++) {
            for (int t = 0; t < steps; t++) {
                int flag = random.nextInt(2);
                features[(r * steps + t) * 2] = flag;
                features[(r * steps + t) * 2 + 1] = random.nextInt(10);
                labels[r] += flag;
            }
        }
        return new Set(rows, steps * 2, 0, features, labels);
    }

    /** Images of {@code width} pixels labelled 1 when bright overall (pixels in [60, 256)), else 0 ([0, 196)). */
    public static Set brightness(int rows, int width, long seed) {
        Random random = new Random(seed);
        float[] features = new float[rows * width];
        int[] labels = new int[rows];
        for (int r = 0; r < rows; r++) {
            labels[r] = random.nextInt(2);
            for (int i = 0; i < width; i++) {
                features[r * width + i] = labels[r] * 60 + random.nextInt(196);
            }
        }
        return new Set(rows, width, 2, features, labels);
    }

    /** Labelled documents. */
    public record Texts(List<String> documents, int[] labels) {
    }

    /**
     * Documents of 12-30 filler words, each with two to four words from its class's own topic list ("topic3word1")
     * among them, so the class is known from the words: the planted rule of a text classifier.
     */
    public static Texts plantedTexts(int rows, int classes, long seed) {
        Random random = new Random(seed);
        List<String> documents = new java.util.ArrayList<>();
        int[] labels = new int[rows];
        for (int r = 0; r < rows; r++) {
            labels[r] = random.nextInt(classes);
            List<String> words = new java.util.ArrayList<>();
            int length = 12 + random.nextInt(19);
            for (int i = 0; i < length; i++) {
                words.add("filler" + random.nextInt(200));
            }
            for (int i = 2 + random.nextInt(3); i > 0; i--) {
                words.set(random.nextInt(length), "Topic" + labels[r] + "word" + random.nextInt(5) + ",");
            }
            documents.add(String.join(" ", words));
        }
        return new Texts(documents, labels);
    }

    /** Writes {@code texts} as a CSV with a header {@code text,label}, quoting the documents. */
    public static void writeTextCsv(Texts texts, Path file, boolean withLabel) throws IOException {
        StringBuilder sb = new StringBuilder(withLabel ? "text,label\n" : "text\n");
        for (int r = 0; r < texts.labels().length; r++) {
            sb.append('"').append(texts.documents().get(r).replace("\"", "\"\"")).append('"');
            sb.append(withLabel ? "," + texts.labels()[r] + "\n" : "\n");
        }
        Files.writeString(file, sb.toString());
    }

    /** Writes {@code texts} as one folder per class ({@code class0}, ...), one file per document, as IMDB is. */
    public static void writeTextFolders(Texts texts, Path dir, int classes) throws IOException {
        for (int c = 0; c < classes; c++) {
            Files.createDirectories(dir.resolve("class" + c));
        }
        for (int r = 0; r < texts.labels().length; r++) {
            Files.writeString(dir.resolve("class" + texts.labels()[r]).resolve(String.format("%05d.txt", r)),
                    texts.documents().get(r));
        }
    }

    /**
     * Writes the planted-rule set that {@link Jobs#idxClassifier} reads: 12 features, 3 classes, plain IDX files
     * {@code train-images}, {@code train-labels} ({@code trainRows}, seed 1) and {@code test-*} ({@code testRows},
     * seed 2) in {@code dir}.
     */
    public static void writePlantedIdx(Path dir, int trainRows, int testRows) throws IOException {
        writeIdx(planted(trainRows, 12, 3, 1), new int[] {12}, dir.resolve("train-images"), dir.resolve("train-labels"),
                false);
        writeIdx(planted(testRows, 12, 3, 2), new int[] {12}, dir.resolve("test-images"), dir.resolve("test-labels"),
                false);
    }

    /** Writes unsigned-byte IDX images ({@code rows x dims}) and labels, gzipped when {@code gzip}. */
    public static void writeIdx(Set set, int[] imageDims, Path images, Path labels, boolean gzip) throws IOException {
        try (DataOutputStream out = new DataOutputStream(open(images, gzip))) {
            out.writeInt(0x00000800 | (imageDims.length + 1));
            out.writeInt(set.rows());
            for (int d : imageDims) {
                out.writeInt(d);
            }
            for (float f : set.features()) {
                out.writeByte((int) f);
            }
        }
        if (labels != null) {
            writeLabels(set.labels(), labels, gzip);
        }
    }

    public static void writeLabels(int[] values, Path labels, boolean gzip) throws IOException {
        try (DataOutputStream out = new DataOutputStream(open(labels, gzip))) {
            out.writeInt(0x00000801);
            out.writeInt(values.length);
            for (int l : values) {
                out.writeByte(l);
            }
        }
    }

    /** Writes a CSV with a header {@code f0..fN,label}, or features alone when {@code withLabel} is false. */
    public static void writeCsv(Set set, Path file, boolean withLabel) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < set.width(); i++) {
            sb.append(i == 0 ? "" : ",").append("f").append(i);
        }
        sb.append(withLabel ? ",label\n" : "\n");
        for (int r = 0; r < set.rows(); r++) {
            for (int i = 0; i < set.width(); i++) {
                sb.append(i == 0 ? "" : ",").append((int) set.features()[r * set.width() + i]);
            }
            sb.append(withLabel ? "," + set.labels()[r] + "\n" : "\n");
        }
        Files.writeString(file, sb.toString());
    }

    /**
     * Writes {@code set} as a Keras-style .npz: {@code x_NAME} as uint8 rows of {@code dims}, {@code y_NAME} as int64
     * labels, for each NAME of {@code names} (the same set under each), entries deflated when {@code compressed}.
     */
    public static void writeNpz(Set set, int[] dims, Path file, boolean compressed, String... names)
            throws IOException {
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(file))) {
            zip.setLevel(compressed ? java.util.zip.Deflater.DEFAULT_COMPRESSION : java.util.zip.Deflater.NO_COMPRESSION);
            for (String name : names) {
                StringBuilder shape = new StringBuilder("(" + set.rows() + ",");
                for (int d : dims) {
                    shape.append(' ').append(d).append(',');
                }
                byte[] x = new byte[set.rows() * set.width()];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (byte) set.features()[i];
                }
                entry(zip, "x_" + name, "|u1", shape.substring(0, shape.length() - (dims.length > 0 ? 1 : 0)) + ")",
                        x);
                java.nio.ByteBuffer y = java.nio.ByteBuffer.allocate(8 * set.rows())
                        .order(java.nio.ByteOrder.LITTLE_ENDIAN);
                for (int label : set.labels()) {
                    y.putLong(label);
                }
                entry(zip, "y_" + name, "<i8", "(" + set.rows() + ",)", y.array());
            }
        }
    }

    private static void entry(java.util.zip.ZipOutputStream zip, String name, String descr, String shape,
                              byte[] data) throws IOException {
        String header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int padded = (header.length() + 11 + 63) / 64 * 64 - 10;
        header = header + " ".repeat(padded - header.length() - 1) + "\n";
        zip.putNextEntry(new java.util.zip.ZipEntry(name + ".npy"));
        zip.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) header.length(),
                (byte) (header.length() >> 8)});
        zip.write(header.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        zip.write(data);
        zip.closeEntry();
    }

    /** Writes {@code set} in LIBSVM format: {@code label i:v ...}, 1-based indices, zero features left out. */
    public static void writeLibsvm(Set set, Path file) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < set.rows(); r++) {
            sb.append(set.labels()[r]);
            for (int i = 0; i < set.width(); i++) {
                float v = set.features()[r * set.width() + i];
                if (v != 0) {
                    sb.append(' ').append(i + 1).append(':').append((int) v);
                }
            }
            sb.append('\n');
        }
        Files.writeString(file, sb.toString());
    }

    private static OutputStream open(Path file, boolean gzip) throws IOException {
        OutputStream out = Files.newOutputStream(file);
        return gzip ? new GZIPOutputStream(out) : out;
    }
}
