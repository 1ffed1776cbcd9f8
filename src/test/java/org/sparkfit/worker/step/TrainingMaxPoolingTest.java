package org.sparkfit.worker.step;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkfit.testing.Jobs;

/**
 * {@link TrainingMaxPooling} pools and passes gradients back as DL4J's own max pooling does, value for value, on
 * images of small whole numbers (so most windows hold ties, which the first largest value wins in both), valid and
 * padded, with the input a convolution's channels-major view; and it hands the gradient back laid out as its input.
 */
class TrainingMaxPoolingTest {
    private static final int EXAMPLES = 3;
    private static final int CHANNELS = 2;
    private static final int SIDE = 7;

    @ParameterizedTest
    @ValueSource(strings = {"{type: max_pooling2d, pool_size: 2}",
        "{type: max_pooling2d, pool_size: 3, strides: 2, padding: same}"})
    void poolsAndPassesGradientsAsDl4j(String pooling) {
        String model = "input: [" + SIDE + ", " + SIDE + ", " + CHANNELS + "]\nlayers:\n  - " + pooling
                + "\n  - {type: flatten}\n  - {type: dense, units: 2, activation: softmax}\n";
        MultiLayerNetwork net = new MultiLayerNetwork(Jobs.network(model, "{name: sgd, learning_rate: 0.1}", 4));
        net.init();
        SubsamplingLayer dl4j = (SubsamplingLayer) net.getLayer(0);
        TrainingMaxPooling java = TrainingMaxPooling.replacing(dl4j);
        LayerWorkspaceMgr noWorkspaces = LayerWorkspaceMgr.noWorkspaces();

        INDArray channelsMajor = wholeNumbers(new long[] {CHANNELS, EXAMPLES, SIDE, SIDE}, 1);
        INDArray images = channelsMajor.permute(1, 0, 2, 3);
        dl4j.setInput(images.dup('c'), noWorkspaces);
        java.setInput(images, noWorkspaces);
        INDArray expected = dl4j.activate(true, noWorkspaces);
        INDArray pooled = java.activate(true, noWorkspaces);
        assertEquals(expected, pooled);

        INDArray errors = wholeNumbers(expected.shape(), 2);
        INDArray expectedGradient = dl4j.backpropGradient(errors.dup(), noWorkspaces).getSecond();
        INDArray gradient = java.backpropGradient(errors, noWorkspaces).getSecond();
        assertEquals(expectedGradient, gradient);
        assertArrayEquals(images.stride(), gradient.stride(), "the gradient is laid out as the input");
    }

    /** A c-ordered float array of {@code shape} holding whole numbers 0 to 3, seeded. */
    private static INDArray wholeNumbers(long[] shape, long seed) {
        INDArray array = Nd4j.create(DataType.FLOAT, shape, 'c');
        Random random = new Random(seed);
        for (long i = 0; i < array.length(); i++) {
            array.putScalar(i, random.nextInt(4));
        }
        return array;
    }
}
