package org.sparkfit.worker;

import java.io.Serializable;
import org.sparkfit.datasets.Examples;

/** A partition's raw model outputs, row-major, with the data-set row numbers they belong to. */
public record Predictions(long firstRow, int rowStride, int rows, int width, float[] outputs)
        implements Serializable {

    static Predictions of(Examples data, float[] outputs, int width) {
        long stride = data.rows() > 1 ? data.rowNumber(1) - data.rowNumber(0) : 1;
        return new Predictions(data.rowNumber(0), (int) stride, data.rows(), width, outputs);
    }

    public long rowNumber(int i) {
        return firstRow + (long) i * rowStride;
    }
}
