package org.sparkfit.datasets;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import org.apache.hadoop.conf.Configuration;

/**
 * Keras' numeric {@code .npz} files (numpy's zip of {@code .npy} arrays, plain or compressed), such as
 * {@code mnist.npz}: examples are the rows of array {@code x} (e.g. {@code x_train}), labels array {@code y}
 * (e.g. {@code y_train}) or none. Each part is a contiguous row range, read by streaming the zip entry up to it.
 */
public final class NpzSource implements DataSource {
    private static final long serialVersionUID = 1L;

    private final String path;
    private final String x;
    private final String y;

    /** @param y the labels array, or null for unlabeled input */
    public NpzSource(String path, String x, String y) {
        this.path = path;
        this.x = x;
        this.y = y;
    }

    @Override
    public String describe() {
        return path + " [" + x + (y == null ? "" : ", " + y) + "]";
    }

    @Override
    public DataShape inspect(Configuration conf) throws IOException {
        try {
            return inspectArrays(conf);
        } catch (ZipException | EOFException e) {
            throw damaged(e);
        }
    }

    @Override
    public Examples read(Configuration conf, int part, int parts, int classes) throws IOException {
        try {
            return readArrays(conf, part, parts, classes);
        } catch (ZipException | EOFException e) {
            throw damaged(e);
        }
    }

    private DataFormatException damaged(IOException e) {
        return new DataFormatException(path + ": the .npz (zip) file is damaged or cut short (" + (e.getMessage()
                == null ? "it ends early" : e.getMessage()) + "); save it again with numpy.savez");
    }

    private DataShape inspectArrays(Configuration conf) throws IOException {
        long rows;
        int[] shape;
        try (InputStream in = entry(conf, x)) {
            NpyArray features = new NpyArray(path + ": " + x, in);
            rows = features.rows();
            shape = features.rowShape();
        }
        if (y != null) {
            labels(conf, rows);
        }
        return new DataShape(rows, shape.length == 0 ? new int[] {1} : shape);
    }

    private void checkFeatures(float[] features, long firstRow, int width) {
        for (int i = 0; i < features.length; i++) {
            int at = i;
            DataSource.checkFeature(features[i], path + ": " + x, () -> "row " + (firstRow + at / width),
                    () -> "value " + (at % width) + " is " + features[at]);
        }
    }

    private void checkLabels(float[] labels, long firstRow, int classes) {
        for (int i = 0; i < labels.length; i++) {
            int at = i;
            DataSource.checkLabel(labels[i], classes, path + ": " + y, () -> "row " + (firstRow + at));
        }
    }

    /** Reads this part's rows; a part that ends at the last row reads each entry to its end, checking its CRC. */
    private Examples readArrays(Configuration conf, int part, int parts, int classes) throws IOException {
        PartRange range;
        float[] features;
        int width;
        try (InputStream in = entry(conf, x)) {
            NpyArray array = new NpyArray(path + ": " + x, in);
            range = PartRange.of(array.rows(), part, parts);
            width = array.rowElements();
            features = array.read(range.start(), range.size());
            drainAtEnd(in, range, array.rows());
        }
        checkFeatures(features, range.start(), width);
        float[] labels = null;
        if (y != null) {
            try (InputStream in = entry(conf, y)) {
                NpyArray array = labels(in, range.end());
                labels = array.read(range.start(), range.size());
                drainAtEnd(in, range, array.rows());
            }
            checkLabels(labels, range.start(), classes);
        }
        return new Examples(range.size(), width, features, labels, range.start(), 1);
    }

    private void labels(Configuration conf, long rows) throws IOException {
        try (InputStream in = entry(conf, y)) {
            NpyArray labels = labels(in, rows);
            if (labels.rows() != rows) {
                throw new DataFormatException(path + ": " + x + " holds " + rows + " rows but " + y + " holds "
                        + labels.rows() + " labels; they must match row for row");
            }
        }
    }

    private NpyArray labels(InputStream in, long atLeast) throws IOException {
        NpyArray labels = new NpyArray(path + ": " + y, in);
        if (labels.rowElements() != 1) {
            throw new DataFormatException(path + ": " + y + " holds " + labels.rowElements() + " values per row; "
                    + "labels are one class index or target per row");
        }
        if (labels.rows() < atLeast) {
            throw new DataFormatException(path + ": " + y + " holds " + labels.rows() + " labels for " + atLeast
                    + " rows of " + x);
        }
        return labels;
    }

    private static void drainAtEnd(InputStream in, PartRange range, long rows) throws IOException {
        if (range.end() == rows) {
            in.transferTo(OutputStream.nullOutputStream());
        }
    }

    /** The stream of array {@code name}'s .npy entry. */
    private InputStream entry(Configuration conf, String name) throws IOException {
        ZipInputStream zip = new ZipInputStream(HadoopFiles.open(path, conf));
        try {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (e.getName().equals(name + ".npy")) {
                    return zip;
                }
            }
        } catch (IllegalArgumentException e) {
            zip.close();
            throw new ZipException("an entry's name is not text: " + e.getMessage());
        }
        zip.close();
        throw new DataFormatException(path + ": holds no array '" + name + "'; Keras' .npz files hold x_train, "
                + "y_train, x_test, y_test (set x and y to the names this file uses)");
    }
}
