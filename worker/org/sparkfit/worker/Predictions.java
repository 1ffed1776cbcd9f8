package org.sparkfit.worker;

import java.io.Serializable;
import org.sparkfit.datasets.Examples;

/** A partition's raw model outputs, row-major, with the keys of the data-set rows they belong to. */
public record Predictions(long[] rowKeys, int width, float[] outputs) implements Serializable {

    static Predictions of(Examples data, float[] outputs, int width) {
        long[] keys = new long[data.rows()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = data.rowKey(i);
        }
        return new Predictions(keys, width, outputs);
    }

    public int rows() {
        return rowKeys.length;
    }
}
