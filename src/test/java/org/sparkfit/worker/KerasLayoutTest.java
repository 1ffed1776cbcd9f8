package org.sparkfit.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Flat rows in Keras' channels-last order reach DL4J's layers channels-first, and flatten back in Keras' order. */
class KerasLayoutTest {
    private final LayerWorkspaceMgr workspaces = LayerWorkspaceMgr.noWorkspaces();

    @Test
    void imageRowsBecomeChannelsFirstAndFlattenBack() {
        // two examples of a 2x3 image with 2 channels, value = 100*example + 10*(row*3+col) + channel
        float[] rows = new float[24];
        for (int n = 0; n < 2; n++) {
            for (int pixel = 0; pixel < 6; pixel++) {
                for (int c = 0; c < 2; c++) {
                    rows[n * 12 + pixel * 2 + c] = 100 * n + 10 * pixel + c;
                }
            }
        }
        INDArray input = Nd4j.create(rows, new long[] {2, 12}, 'c');
        INDArray image = new ChannelsLastInput(new int[] {2, 3, 2}).preProcess(input, 2, workspaces);
        assertArrayEquals(new long[] {2, 2, 2, 3}, image.shape());
        assertEquals(100 + 10 * 5 + 1, image.getFloat(1, 1, 1, 2), "example 1, channel 1, row 1, column 2");
        INDArray flat = new ChannelsLastFlatten(new int[] {2, 3, 2}).preProcess(image, 2, workspaces);
        assertArrayEquals(rows, flat.reshape(24).toFloatVector(), "Keras' Flatten order");
        INDArray gradient = new ChannelsLastFlatten(new int[] {2, 3, 2}).backprop(flat, 2, workspaces);
        assertEquals(image, gradient);
    }

    @Test
    void sequenceRowsBecomeFeaturesByTime() {
        INDArray input = Nd4j.create(new float[] {1, 2, 3, 4, 5, 6}, new long[] {1, 6}, 'c'); // 3 steps x 2 features
        INDArray sequence = new ChannelsLastInput(new int[] {3, 2}).preProcess(input, 1, workspaces);
        assertArrayEquals(new long[] {1, 2, 3}, sequence.shape());
        assertArrayEquals(new float[] {1, 3, 5}, sequence.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.all())
                .toFloatVector(), "feature 0 over time");
        INDArray back = new ChannelsLastInput(new int[] {3, 2}).backprop(sequence, 1, workspaces);
        assertEquals(input, back);
    }
}
