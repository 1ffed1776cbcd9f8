package org.sparkfit.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkfit.testing.TestData;

/** Keras' .npz files (written here and by numpy itself) and LIBSVM files, read in parts, and their bad input. */
class NpzAndLibsvmSourceTest {
    private final Configuration conf = new Configuration();

    @TempDir
    Path dir;

    @Test
    void npzPartsTogetherAreTheArraysRowForRow() throws Exception {
        TestData.Set set = TestData.planted(10, 12, 3, 1);
        Path file = dir.resolve("data.npz");
        TestData.writeNpz(set, new int[] {4, 3}, file, true, "train", "test");
        NpzSource source = new NpzSource(file.toString(), "x_train", "y_train");
        assertEquals(new DataShape(10, new int[] {4, 3}), source.inspect(conf));
        Examples first = source.read(conf, 0, 2, 3);
        Examples second = source.read(conf, 1, 2, 3);
        assertEquals(5, first.rows());
        assertEquals(5, second.rowKey(0));
        float[] features = new float[120];
        System.arraycopy(first.features(), 0, features, 0, 60);
        System.arraycopy(second.features(), 0, features, 60, 60);
        assertArrayEquals(set.features(), features);
        assertEquals(set.labels()[7], second.label(2));
    }

    @Test
    void readsWhatNumpyWrites() throws Exception {
        Path file = dir.resolve("numpy.npz");
        Process numpy = new ProcessBuilder("python3", "-c", "import numpy as np; np.savez_compressed('" + file
                + "', x_test=np.arange(24, dtype='>f8').reshape(4, 2, 3) / 2, y_test=np.array([0, 1, 1, 0], "
                + "dtype=np.int32))").redirectErrorStream(true).start();
        assertEquals(0, numpy.waitFor(), new String(numpy.getInputStream().readAllBytes()));
        Examples all = new NpzSource(file.toString(), "x_test", "y_test").read(conf, 0, 1, 2);
        assertEquals(6, all.width());
        assertEquals(11.5f, all.features()[23]);
        assertArrayEquals(new float[] {0, 1, 1, 0}, all.labels());
    }

    @Test
    void aTruncatedArrayIsReportedWhereverAPartStarts() throws Exception {
        Path file = dir.resolve("cut.npz");
        Process numpy = new ProcessBuilder("python3", "-c", "import io, zipfile, numpy as np\n"
                + "x = io.BytesIO(); np.save(x, np.arange(40, dtype='<f4').reshape(10, 4))\n"
                + "y = io.BytesIO(); np.save(y, np.zeros(10, dtype='<i8'))\n"
                + "with zipfile.ZipFile('" + file + "', 'w') as z:\n"
                + "    z.writestr('x_test.npy', x.getvalue()[:-60]); z.writestr('y_test.npy', y.getvalue())\n")
                .redirectErrorStream(true).start();
        assertEquals(0, numpy.waitFor(), new String(numpy.getInputStream().readAllBytes()));
        NpzSource source = new NpzSource(file.toString(), "x_test", "y_test");
        for (int[] part : new int[][] {{1, 2}, {3, 4}}) {
            DataFormatException cut = assertThrows(DataFormatException.class,
                    () -> source.read(conf, part[0], part[1], 2));
            assertEquals(file + ": x_test: ends before its 10 rows; the file is truncated", cut.getMessage(),
                    "part " + part[0] + " of " + part[1]);
        }
    }

    @Test
    void npzMistakesNameTheArray() throws Exception {
        Path file = dir.resolve("data.npz");
        TestData.writeNpz(TestData.planted(4, 3, 3, 1), new int[] {3}, file, false, "train");
        DataFormatException missing = assertThrows(DataFormatException.class,
                () -> new NpzSource(file.toString(), "x_test", "y_test").inspect(conf));
        assertEquals(file + ": holds no array 'x_test'; Keras' .npz files hold x_train, y_train, x_test, y_test "
                + "(set x and y to the names this file uses)", missing.getMessage());
        DataFormatException label = assertThrows(DataFormatException.class,
                () -> new NpzSource(file.toString(), "x_train", "y_train").read(conf, 0, 1, 2));
        assertEquals(true, label.getMessage().startsWith(file + ": y_train: row "), label.getMessage());
    }

    @Test
    void libsvmLinesAreSparseOneBasedRows() throws Exception {
        Path file = dir.resolve("data.svm");
        Files.writeString(file, "# comment\n+1 1:0.5 3:2\n-1 2:1 # trailing\n\n1 4:7\n");
        LibsvmSource source = new LibsvmSource(file.toString(), 4, true);
        Examples all = source.read(conf, 0, 1, 2);
        assertArrayEquals(new float[] {0.5f, 0, 2, 0, 0, 1, 0, 0, 0, 0, 0, 7}, all.features());
        assertArrayEquals(new float[] {1, 0, 1}, all.labels(), "-1 reads as class 0 of a binary task");
        assertEquals(2, source.read(conf, 0, 2, 2).rows());
        Examples unlabeled = new LibsvmSource(file.toString(), 4, false).read(conf, 1, 2, 0);
        assertEquals(null, unlabeled.labels());
    }

    @Test
    void libsvmMistakesNameTheLine() throws Exception {
        Path file = dir.resolve("bad.svm");
        Files.writeString(file, "1 1:1 5:2\n");
        DataFormatException wide = assertThrows(DataFormatException.class,
                () -> new LibsvmSource(file.toString(), 4, true).read(conf, 0, 1, 2));
        assertEquals(file + ": line 1: feature index 5 is outside 1..4 (model.input's width; indices are 1-based)",
                wide.getMessage());
        Files.writeString(file, "1 2:1 1:2\n");
        DataFormatException order = assertThrows(DataFormatException.class,
                () -> new LibsvmSource(file.toString(), 4, true).read(conf, 0, 1, 2));
        assertEquals(file + ": line 1: feature index 1 after 2; indices must ascend", order.getMessage());
    }
}
