package org.sparkfit.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.sparkfit.datasets.Examples;
import org.sparkfit.testing.Jobs;
import org.sparkfit.testing.TestData;
import org.sparkfit.worker.step.LocalStep;
import org.sparkfit.worker.step.TrainingShortcuts;

/**
 * The training metrics read from the training pass itself (the output layer's kept pre-activation with the worker's
 * shortcuts, or its input and parameters without them) equal a separate inference pass over each mini-batch before
 * it is fitted, batch after batch while the parameters move.
 */
class TrainingMetricsListenerTest {
    private static final int CLASSES = 4;
    private static final int BATCH = 32;
    private static final String MODEL = """
            input: [24]
            layers:
              - {type: dense, units: 16, activation: relu}
              - {type: dense, units: 4, activation: softmax}
            """;

    @ParameterizedTest(name = "shortcuts installed: {0}")
    @ValueSource(booleans = {true, false})
    void trainingScoresEqualAnInferencePassBeforeEachStep(boolean shortcuts) {
        MultiLayerNetwork net = new MultiLayerNetwork(Jobs.network(MODEL, "{name: adam, learning_rate: 0.05}", BATCH));
        net.init();
        if (shortcuts) {
            TrainingShortcuts.install(net);
        }
        TrainingMetricsListener listener = new TrainingMetricsListener();
        net.setListeners(listener);
        Examples data = examples(8 * BATCH, 11);
        Task task = Task.multiclass(CLASSES);
        Scores expected = new Scores(task, false);
        Scores scored = new Scores(task, false);
        for (int step = 0; step < data.rows() / BATCH; step++) {
            DataSet batch = CutBatches.labelled(data, task, Batches.inOrder(data.rows()), step * BATCH, BATCH);
            TrainingMetricsListener.scoreBeforeFit(net, batch.getFeatures(), batch.getLabels(), expected);
            listener.expect(batch.getLabels(), scored);
            LocalStep.fit(net, batch);
            assertEquals(expected.examples(), scored.examples(), "every batch scored once, step " + step);
            assertArrayEquals(expected.confusionMatrix(), scored.confusionMatrix(), "step " + step);
        }
        assertEquals(expected.metric("accuracy"), scored.metric("accuracy"));
        assertEquals(0.8, scored.metric("accuracy"), 0.2, "the network learns while it is scored");
    }

    @Test
    void theShortcutsKeepTheOutputLayersPreActivationOfTheTrainingPass() {
        MultiLayerNetwork net = new MultiLayerNetwork(Jobs.network(MODEL, "{name: sgd, learning_rate: 0.1}", BATCH));
        net.init();
        TrainingShortcuts.install(net);
        Examples data = examples(BATCH, 12);
        DataSet batch = CutBatches.labelled(data, Task.multiclass(CLASSES), Batches.inOrder(BATCH), 0, BATCH);
        net.setInput(batch.getFeatures());
        net.setLabels(batch.getLabels());
        net.computeGradientAndScore();
        INDArray kept = TrainingShortcuts.trainingPreOutput(net);
        assertNotNull(kept, "kept after the loss and gradient");
        INDArray probabilities = Transforms.softmax(kept.dup());
        INDArray inferred = net.output(batch.getFeatures(), false);
        assertArrayEquals(inferred.ravel().toFloatVector(), probabilities.ravel().toFloatVector(), 1e-6f);
        assertNull(TrainingShortcuts.trainingPreOutput(net), "forgotten once the layer's activation overwrites it");
    }

    /** Planted examples (the label is the feature group with the largest sum), scaled to [0, 1]. */
    private static Examples examples(int rows, long seed) {
        TestData.Set set = TestData.planted(rows, 24, CLASSES, seed);
        float[] labels = new float[rows];
        float[] features = set.features().clone();
        for (int r = 0; r < rows; r++) {
            labels[r] = set.labels()[r];
        }
        for (int i = 0; i < features.length; i++) {
            features[i] /= 255f;
        }
        return new Examples(rows, set.width(), features, labels);
    }
}
