package org.sparkfit.datasets;

import java.util.Arrays;

/**
 * What a data source holds, learnt from its header without reading its records: how many records (-1 when only a
 * full read can tell, as for CSV) and the shape of one example's features.
 */
public record DataShape(long records, int[] featureShape) {

    public int featureWidth() {
        int width = 1;
        for (int d : featureShape) {
            width = Math.multiplyExact(width, d);
        }
        return width;
    }

    @Override
    public String toString() {
        return (records < 0 ? "?" : Long.toString(records)) + " x " + Arrays.toString(featureShape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataShape other && records == other.records
                && Arrays.equals(featureShape, other.featureShape);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(records) * 31 + Arrays.hashCode(featureShape);
    }
}
