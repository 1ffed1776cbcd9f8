package org.sparkfit.worker;

import java.io.Serializable;
import java.util.List;
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

    /** The rows of {@code blocks}, one after the other. */
    static Predictions concat(List<Predictions> blocks, int width) {
        if (blocks.size() == 1) {
            return blocks.get(0);
        }
        int rows = blocks.stream().mapToInt(Predictions::rows).sum();
        long[] keys = new long[rows];
        float[] outputs = new float[Math.multiplyExact(rows, width)];
        int at = 0;
        for (Predictions block : blocks) {
            System.arraycopy(block.rowKeys, 0, keys, at, block.rows());
            System.arraycopy(block.outputs, 0, outputs, at * width, block.rows() * width);
            at += block.rows();
        }
        return new Predictions(keys, width, outputs);
    }

    public int rows() {
        return rowKeys.length;
    }
}
