package org.sparkfit.datasets;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * A block of examples as an executor keeps them for the whole job: the raw feature values, row-major, in their
 * narrowest exact type ({@link FeatureValues}: bytes for pixels), the preprocessing to apply to them (a scale, then
 * a standardization), and one label value per row (a class index or a regression target), or no labels for
 * prediction input. Rows become preprocessed floats only when they are copied into a mini-batch ({@link #copyRows}),
 * with the same float operations, in the same order, as preprocessing them in place would take.
 */
public final class Examples implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int rows;
    private final int width;
    private final FeatureValues values;
    private final float[] labels;
    private final long firstRow;
    private final int rowStride;
    /** Each row's key when the rows are keyed one by one (a selection, rows of a text file), else null. */
    private final long[] rowKeys;
    /** Multiplies every raw value first; 1 when there is no scale. */
    private final float factor;
    /** Then standardizes each feature; null when the job does not standardize. */
    private final Standardization standardization;

    public Examples(int rows, int width, float[] features, float[] labels) {
        this(rows, width, features, labels, 0, 1);
    }

    /**
     * @param features  row-major values, kept as bytes when they all are whole numbers from 0 to 255
     * @param firstRow  the row number, in the whole data set, of this block's first row
     * @param rowStride the distance, in the whole data set, between consecutive rows of this block
     */
    public Examples(int rows, int width, float[] features, float[] labels, long firstRow, int rowStride) {
        this(rows, width, FeatureValues.of(features), labels, firstRow, rowStride);
    }

    public Examples(int rows, int width, FeatureValues values, float[] labels, long firstRow, int rowStride) {
        this(rows, width, values, labels, firstRow, rowStride, null, 1f, null);
    }

    private Examples(int rows, int width, FeatureValues values, float[] labels, long firstRow, int rowStride,
                     long[] rowKeys, float factor, Standardization standardization) {
        if (values.length() != (long) rows * width) {
            throw new IllegalArgumentException(rows + " rows of width " + width + " need " + (long) rows * width
                    + " feature values, got " + values.length());
        }
        if (labels != null && labels.length != rows) {
            throw new IllegalArgumentException(rows + " rows need " + rows + " labels, got " + labels.length);
        }
        if (rowKeys != null && rowKeys.length != rows) {
            throw new IllegalArgumentException(rows + " rows need " + rows + " row keys, got " + rowKeys.length);
        }
        if (standardization != null && standardization.mean().length != width) {
            throw new IllegalArgumentException("standardization of " + standardization.mean().length
                    + " features applied to rows of " + width);
        }
        this.rows = rows;
        this.width = width;
        this.values = values;
        this.labels = labels;
        this.firstRow = firstRow;
        this.rowStride = rowStride;
        this.rowKeys = rowKeys;
        this.factor = factor;
        this.standardization = standardization;
    }

    /**
     * Rows keyed one by one: {@code keys[i]} identifies row {@code i} in its data set, as {@link #rowKey} says.
     *
     * @param features row-major values, kept as bytes when they all are whole numbers from 0 to 255
     */
    public static Examples keyed(int width, float[] features, float[] labels, long[] keys) {
        return keyed(width, FeatureValues.of(features), labels, keys);
    }

    /** Rows keyed one by one, as {@link #keyed(int, float[], float[], long[])}, with their values as they are. */
    public static Examples keyed(int width, FeatureValues values, float[] labels, long[] keys) {
        return new Examples(keys.length, width, values, labels, 0, 0, keys, 1f, null);
    }

    /**
     * The rows of {@code blocks} one after the other, keeping their row keys, with their values shared rather than
     * copied; every block must have the same width, labels or none, and the same preprocessing.
     */
    public static Examples concat(List<Examples> blocks) {
        if (blocks.size() == 1) {
            return blocks.get(0);
        }
        Examples first = blocks.get(0);
        long total = 0;
        boolean consecutive = first.rowKeys == null;
        long next = first.firstRow;
        for (Examples block : blocks) {
            if (block.width != first.width || block.hasLabels() != first.hasLabels() || block.factor != first.factor
                    || !Objects.equals(block.standardization, first.standardization)) {
                throw new IllegalArgumentException("blocks of different widths, labels or preprocessing");
            }
            consecutive &= block.rowKeys == null && block.firstRow == next && block.rowStride == first.rowStride;
            next = block.firstRow + (long) block.rows * first.rowStride;
            total += block.rows;
        }
        int rows = Math.toIntExact(total);
        float[] labels = first.hasLabels() ? new float[rows] : null;
        long[] keys = consecutive ? null : new long[rows];
        int at = 0;
        for (Examples block : blocks) {
            for (int i = 0; i < block.rows; i++, at++) {
                if (labels != null) {
                    labels[at] = block.labels[i];
                }
                if (keys != null) {
                    keys[at] = block.rowKey(i);
                }
            }
        }
        return new Examples(rows, first.width, FeatureValues.concat(blocks.stream().map(Examples::values).toList()),
                labels, first.firstRow, first.rowStride, keys, first.factor, first.standardization);
    }

    /** No rows, with this block's width, labels (or none) and preprocessing: a template for {@link #preprocessedAs}. */
    public Examples emptyLike() {
        return select(new int[0]);
    }

    /** These rows, sharing their values, with the scale and standardization of {@code like}. */
    public Examples preprocessedAs(Examples like) {
        return new Examples(rows, width, values, labels, firstRow, rowStride, rowKeys, like.factor,
                like.standardization);
    }

    /**
     * What identifies row {@code i} of this block in its whole data set, and orders the rows as the data set stores
     * them: its 0-based row number, or for a file of text rows the byte offset where its line starts. Keys are the
     * same however many parts the data set is read in.
     */
    public long rowKey(int i) {
        return rowKeys != null ? rowKeys[i] : firstRow + (long) i * rowStride;
    }

    public int rows() {
        return rows;
    }

    public int width() {
        return width;
    }

    /** The raw feature values, before scale and standardization. */
    public FeatureValues values() {
        return values;
    }

    /**
     * Copies the preprocessed features of rows {@code order[from..from+count)} into {@code out}, row after row
     * from index 0.
     */
    public void copyRows(int[] order, int from, int count, float[] out) {
        for (int i = 0; i < count; i++) {
            copyRow(order[from + i], out, i * width);
        }
    }

    /** Copies row {@code row}'s preprocessed features into {@code out} at {@code at}. */
    public void copyRow(int row, float[] out, int at) {
        values.copy((long) row * width, width, out, at);
        if (factor != 1f) {
            for (int j = at; j < at + width; j++) {
                out[j] *= factor;
            }
        }
        if (standardization != null) {
            float[] mean = standardization.mean();
            float[] std = standardization.std();
            for (int j = 0; j < width; j++) {
                out[at + j] = (out[at + j] - mean[j]) / std[j];
            }
        }
    }

    /** All rows' preprocessed features, row-major (a copy). */
    public float[] features() {
        float[] out = new float[Math.multiplyExact(rows, width)];
        for (int r = 0; r < rows; r++) {
            copyRow(r, out, r * width);
        }
        return out;
    }

    /** The bytes these rows take in memory: their values, labels and row keys. */
    public long memoryBytes() {
        return values.memoryBytes() + (labels == null ? 0 : 4L * rows) + (rowKeys == null ? 0 : 8L * rows);
    }

    /** The backing label array, or null for unlabeled input; callers must not modify it. */
    public float[] labels() {
        return labels;
    }

    public boolean hasLabels() {
        return labels != null;
    }

    public float label(int row) {
        return labels[row];
    }

    /**
     * A new block of the rows {@code indices} of this one (in that order), keeping their row keys and their
     * preprocessing.
     */
    public Examples select(int[] indices) {
        float[] selectedLabels = labels == null ? null : new float[indices.length];
        long[] keys = new long[indices.length];
        for (int i = 0; i < indices.length; i++) {
            if (labels != null) {
                selectedLabels[i] = labels[indices[i]];
            }
            keys[i] = rowKey(indices[i]);
        }
        return new Examples(indices.length, width, values.selectRows(indices, width), selectedLabels, 0, 0, keys,
                factor, standardization);
    }

    /**
     * These rows with every feature multiplied by {@code by} (after any scale before it), sharing their values:
     * the multiplication happens as rows are copied out, so the values stay in their compact type.
     */
    public Examples scaledBy(float by) {
        if (standardization != null) {
            throw new IllegalStateException("scale before standardizing");
        }
        return new Examples(rows, width, values, labels, firstRow, rowStride, rowKeys, factor * by, null);
    }

    /** These rows standardized with {@code with} after their scale, sharing their values. */
    public Examples standardizedBy(Standardization with) {
        return new Examples(rows, width, values, labels, firstRow, rowStride, rowKeys, factor, with);
    }
}
