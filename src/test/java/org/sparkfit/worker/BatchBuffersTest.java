package org.sparkfit.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.sparkfit.datasets.Examples;

class BatchBuffersTest {
    private static final int ROWS = 7;
    private static final int WIDTH = 3;

    @Test
    void filledBatchesEqualFreshlyCutOnesForEveryTaskAndTheShortLastBatch() {
        float[] features = new float[ROWS * WIDTH];
        for (int i = 0; i < features.length; i++) {
            features[i] = i * 0.25f;
        }
        float[] classes = {2, 0, 1, 2, 1, 0, 2};
        int[] order = {6, 2, 4, 0, 5, 1, 3};
        for (Task task : new Task[] {Task.multiclass(3), Task.binary(), Task.regression()}) {
            float[] labels = task.kind() == Task.Kind.REGRESSION ? new float[] {0.5f, -1, 3, 2.5f, 0, 7, 1}
                    : task.kind() == Task.Kind.BINARY ? new float[] {1, 0, 0, 1, 1, 0, 1} : classes;
            Examples data = new Examples(ROWS, WIDTH, features, labels);
            BatchBuffers buffers = new BatchBuffers(task, 3, WIDTH);
            for (int from = 0; from < ROWS; from += 3) {
                int count = Math.min(3, ROWS - from);
                DataSet expected = CutBatches.labelled(data, task, order, from, count);
                DataSet filled = buffers.fill(data, order, from, count);
                assertEquals(expected.getFeatures(), filled.getFeatures(), task + " features from " + from);
                assertEquals(expected.getLabels(), filled.getLabels(), task + " labels from " + from);
            }
        }
    }
}
