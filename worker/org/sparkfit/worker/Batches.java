package org.sparkfit.worker;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkfit.datasets.Examples;

/** Cuts mini-batches, in a given row order, out of a partition's examples as ND4J arrays. */
public final class Batches {
    private Batches() {
    }

    public static INDArray features(Examples data, int[] order, int from, int count) {
        float[] out = new float[count * data.width()];
        data.copyRows(order, from, count, out);
        return Nd4j.create(out, new long[] {count, data.width()}, 'c');
    }

    public static DataSet labelled(Examples data, Task task, int[] order, int from, int count) {
        return new DataSet(features(data, order, from, count), task.labelArray(data.labels(), order, from, count));
    }

    /** The identity order of {@code rows} rows. */
    public static int[] inOrder(int rows) {
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = i;
        }
        return order;
    }
}
