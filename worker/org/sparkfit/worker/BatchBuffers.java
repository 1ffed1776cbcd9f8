package org.sparkfit.worker;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.sparkfit.datasets.Examples;

/**
 * One worker's mini-batch arrays (training's batches, or evaluation's chunks), allocated once and filled in place
 * for every batch: cutting a batch into fresh arrays cost 6% of DL4J's fit time per batch, most of it allocating
 * and later freeing native memory (measured by LocalStepBenchmark). A batch is only valid until the next
 * {@link #fill}.
 */
final class BatchBuffers {
    private final Task task;
    private final int width;
    private final INDArray features;
    private final INDArray labels;
    private final float[] labelRows;
    private final float[] featureRows;

    BatchBuffers(Task task, int batchSize, int width) {
        this.task = task;
        this.width = width;
        this.features = Nd4j.create(DataType.FLOAT, batchSize, width);
        this.labels = Nd4j.create(DataType.FLOAT, batchSize, task.outputs());
        this.labelRows = new float[batchSize * task.outputs()];
        this.featureRows = new float[batchSize * width];
    }

    int width() {
        return width;
    }

    /**
     * The rows {@code order[from..from+count)} of {@code data} as a labelled batch, in this object's arrays: their
     * compact values preprocessed into a float array kept for that, then copied into the native one in one go.
     */
    DataSet fill(Examples data, int[] order, int from, int count) {
        INDArray x = features(data, order, from, count);
        task.fillLabels(data.labels(), order, from, count, labelRows);
        labels.data().asNioFloat().put(labelRows, 0, count * task.outputs());
        return new DataSet(x, firstRows(labels, count));
    }

    /** The features alone of the rows {@code order[from..from+count)} (unlabelled data), in this object's array. */
    INDArray features(Examples data, int[] order, int from, int count) {
        data.copyRows(order, from, count, featureRows);
        features.data().asNioFloat().put(featureRows, 0, count * width);
        return firstRows(features, count);
    }

    private static INDArray firstRows(INDArray array, int count) {
        return count == array.rows() ? array : array.get(NDArrayIndex.interval(0, count), NDArrayIndex.all());
    }
}
