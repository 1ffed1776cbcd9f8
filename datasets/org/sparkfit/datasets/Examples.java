package org.sparkfit.datasets;

import java.io.Serializable;

/**
 * A block of examples as the network consumes them: row-major float features and one label value per row (a
 * class index or a regression target), or no labels for prediction input. Kept in this compact form in executor
 * memory for the whole job.
 */
public final class Examples implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int rows;
    private final int width;
    private final float[] features;
    private final float[] labels;
    private final long firstRow;
    private final int rowStride;
    /** Each row's number when the rows are a selection (no stride), else null. */
    private final long[] rowNumbers;

    public Examples(int rows, int width, float[] features, float[] labels) {
        this(rows, width, features, labels, 0, 1);
    }

    /**
     * @param firstRow  the row number, in the whole data set, of this block's first row
     * @param rowStride the distance, in the whole data set, between consecutive rows of this block
     */
    public Examples(int rows, int width, float[] features, float[] labels, long firstRow, int rowStride) {
        this(rows, width, features, labels, firstRow, rowStride, null);
    }

    private Examples(int rows, int width, float[] features, float[] labels, long firstRow, int rowStride,
                     long[] rowNumbers) {
        if (features.length != (long) rows * width) {
            throw new IllegalArgumentException(rows + " rows of width " + width + " need " + (long) rows * width
                    + " feature values, got " + features.length);
        }
        if (labels != null && labels.length != rows) {
            throw new IllegalArgumentException(rows + " rows need " + rows + " labels, got " + labels.length);
        }
        this.rows = rows;
        this.width = width;
        this.features = features;
        this.labels = labels;
        if (rowNumbers != null && rowNumbers.length != rows) {
            throw new IllegalArgumentException(rows + " rows need " + rows + " row numbers, got " + rowNumbers.length);
        }
        this.firstRow = firstRow;
        this.rowStride = rowStride;
        this.rowNumbers = rowNumbers;
    }

    /** The row number in the whole data set of this block's row {@code i}. */
    public long rowNumber(int i) {
        return rowNumbers != null ? rowNumbers[i] : firstRow + (long) i * rowStride;
    }

    public int rows() {
        return rows;
    }

    public int width() {
        return width;
    }

    /** The backing feature array (rows x width, row-major); callers must not modify it. */
    public float[] features() {
        return features;
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
     * A new block of the rows {@code indices} of this one (in that order), keeping their row numbers in the whole
     * data set.
     */
    public Examples select(int[] indices) {
        float[] selected = new float[indices.length * width];
        float[] selectedLabels = labels == null ? null : new float[indices.length];
        long[] numbers = new long[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(features, indices[i] * width, selected, i * width, width);
            if (labels != null) {
                selectedLabels[i] = labels[indices[i]];
            }
            numbers[i] = rowNumber(indices[i]);
        }
        return new Examples(indices.length, width, selected, selectedLabels, 0, 0, numbers);
    }

    /**
     * Multiplies every feature by {@code factor} in place and returns this object. In place because a partition's
     * features are the largest thing an executor holds: a scaled copy doubled its peak heap while reading (an
     * executor with 3 GiB ran out of heap reading 480,000 Fashion-MNIST images, docs/SCALING.md).
     */
    public Examples scaleBy(float factor) {
        for (int i = 0; i < features.length; i++) {
            features[i] *= factor;
        }
        return this;
    }
}
