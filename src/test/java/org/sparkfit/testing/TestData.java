package org.sparkfit.testing;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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

    private static OutputStream open(Path file, boolean gzip) throws IOException {
        OutputStream out = Files.newOutputStream(file);
        return gzip ? new GZIPOutputStream(out) : out;
    }
}
