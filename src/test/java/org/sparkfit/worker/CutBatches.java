package org.sparkfit.worker;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkfit.datasets.Examples;

/**
 * Mini-batches cut out of a partition's examples into fresh ND4J arrays, as DL4J's own loop does: the reference the
 * tests hold sparkfit's kept arrays ({@link BatchBuffers}) against, and the baselines' way of cutting batches.
 */
public final class CutBatches {
    private CutBatches() {
    }

    /** The features of the rows {@code order[from..from+count)}. */
    public static INDArray features(Examples data, int[] order, int from, int count) {
        float[] out = new float[count * data.width()];
        data.copyRows(order, from, count, out);
        return Nd4j.create(out, new long[] {count, data.width()}, 'c');
    }

    /** Those rows with their labels as {@code task} trains on them. */
    public static DataSet labelled(Examples data, Task task, int[] order, int from, int count) {
        return new DataSet(features(data, order, from, count), labels(task, data.labels(), order, from, count));
    }

    /** The label array of {@code labels[rows[from..from+count)]} for {@code task} ({@link Task#fillLabels}). */
    public static INDArray labels(Task task, float[] labels, int[] rows, int from, int count) {
        float[] out = new float[count * task.outputs()];
        task.fillLabels(labels, rows, from, count, out);
        return Nd4j.create(out, new long[] {count, task.outputs()}, 'c');
    }
}
