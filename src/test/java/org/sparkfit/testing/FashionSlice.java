package org.sparkfit.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.sparkfit.datasets.Examples;
import org.sparkfit.datasets.IdxSource;

/**
 * The first rows of the real Fashion-MNIST (Debian's dataset-fashion-mnist package, installed by scripts/setup),
 * written as plain IDX files under the names the package uses without {@code .gz}.
 */
public final class FashionSlice {
    public static final Path PACKAGE = Path.of("/usr/share/datasets/fashion-mnist");

    private FashionSlice() {
    }

    /**
     * Writes the first {@code rows} examples of {@code split} ("train" or "t10k") into {@code dir} as
     * {@code SPLIT-images-idx3-ubyte} and {@code SPLIT-labels-idx1-ubyte}.
     *
     * @return their labels
     */
    public static int[] write(Path dir, String split, int rows) throws IOException {
        TestData.Set set = read(split, rows);
        TestData.writeIdx(set, new int[] {28, 28}, dir.resolve(split + "-images-idx3-ubyte"),
                dir.resolve(split + "-labels-idx1-ubyte"), false);
        return set.labels();
    }

    /** The first {@code rows} examples of {@code split} ("train" or "t10k"): 784 pixels from 0 to 255 each. */
    public static TestData.Set read(String split, int rows) throws IOException {
        assertTrue(Files.isDirectory(PACKAGE), "Fashion-MNIST is missing: run scripts/setup (installs Debian's "
                + "dataset-fashion-mnist)");
        IdxSource source = new IdxSource(PACKAGE.resolve(split + "-images-idx3-ubyte.gz").toString(),
                PACKAGE.resolve(split + "-labels-idx1-ubyte.gz").toString());
        int total = split.equals("train") ? 60_000 : 10_000;
        Examples all = source.read(new Configuration(), 0, Math.max(1, total / rows), 10);
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = (int) all.label(i);
        }
        return new TestData.Set(rows, 784, 10, Arrays.copyOf(all.features(), rows * 784), labels);
    }
}
