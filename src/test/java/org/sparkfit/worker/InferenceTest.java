package org.sparkfit.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.dataset.DataSet;
import org.sparkfit.datasets.Examples;
import org.sparkfit.testing.Jobs;

/**
 * Held-out scoring runs the network once per chunk and still gives DL4J's own predictions ({@code output}) and loss
 * ({@code score}, with the regularization term), for a dense network with L2, a CNN and an LSTM.
 */
class InferenceTest {
    @ParameterizedTest
    @ValueSource(strings = {"""
            input: [12]
            layers:
              - {type: dense, units: 8, activation: relu, kernel_regularizer: {l2: 0.01}}
              - {type: dense, units: 3, activation: softmax}
            """, """
            input: [6, 6, 1]
            layers:
              - {type: conv2d, filters: 2, kernel_size: 3, activation: relu}
              - {type: flatten}
              - {type: dense, units: 3, activation: softmax}
            """, """
            input: [4, 3]
            layers:
              - {type: lstm, units: 5}
              - {type: dense, units: 3, activation: softmax}
            """})
    void onePassGivesDl4jsPredictionsAndLoss(String model) {
        MultiLayerNetwork net = new MultiLayerNetwork(Jobs.network(model, "{name: adam}", 8));
        net.init();
        int width = Jobs.inputWidth(model);
        Random random = new Random(4);
        int rows = 20;
        float[] features = new float[rows * width];
        float[] labels = new float[rows];
        for (int i = 0; i < features.length; i++) {
            features[i] = (float) random.nextGaussian();
        }
        for (int r = 0; r < rows; r++) {
            labels[r] = random.nextInt(3);
        }
        DataSet batch = CutBatches.labelled(new Examples(rows, width, features, labels), Task.multiclass(3),
                Batches.inOrder(rows), 0, rows);

        Inference.Scored scored = Inference.scored(net, batch);

        assertArrayEquals(net.output(batch.getFeatures(), false).dup('c').data().asFloat(),
                scored.predictions().dup('c').data().asFloat(), 1e-6f);
        assertEquals(net.score(batch, false), scored.loss(), 1e-6);
    }
}
