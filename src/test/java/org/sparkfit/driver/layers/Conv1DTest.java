package org.sparkfit.driver.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkfit.driver.ConfigException;
import org.sparkfit.driver.model.NetworkPlan;
import org.sparkfit.driver.train.TrainingOutcome;
import org.sparkfit.testing.PlannedNetwork;
import org.sparkfit.testing.PlantedTraining;
import org.sparkfit.testing.TestData;

/** Keras' Conv1D: its shapes and parameter counts as Keras gives them, built alike by DL4J, and it learns. */
class Conv1DTest {
    @TempDir
    Path dir;

    @Test
    void shapesAndParametersAreKeras() {
        // Keras: Conv1D(8, 3) on (10, 4) gives (None, 8, 8) with 3 * 4 * 8 + 8 = 104 parameters.
        NetworkPlan plan = PlannedNetwork.assertBuildsAsPlanned(PlannedNetwork.job("[10, 4]",
                "[{type: conv1d, filters: 8, kernel_size: 3, activation: relu},"
                        + " {type: conv1d, filters: 5, kernel_size: 2, strides: 2, padding: same, use_bias: false},"
                        + " {type: conv1d, filters: 3, kernel_size: 4, padding: causal}, {type: flatten},"
                        + " {type: dense, units: 1}]", "mse"));
        assertEquals("(None, 8, 8)", plan.layers().get(0).shapeText());
        assertEquals(104, plan.layers().get(0).params());
        assertEquals("(None, 4, 5)", plan.layers().get(1).shapeText(), "same: ceil(8 / 2) steps");
        assertEquals(2 * 8 * 5, plan.layers().get(1).params());
        assertEquals("(None, 4, 3)", plan.layers().get(2).shapeText(), "causal keeps the steps");
        assertEquals("conv1d_2", plan.layers().get(2).name());
        assertEquals("Conv1D", plan.layers().get(2).kerasClass());
    }

    @Test
    void aWindowLongerThanTheSequenceOrAnImageIsRefusedWithTheFix() {
        ConfigException tooLong = assertThrows(ConfigException.class, () -> PlannedNetwork.assertBuildsAsPlanned(
                PlannedNetwork.job("[4, 2]", "[{type: conv1d, filters: 2, kernel_size: 5}, {type: flatten},"
                        + " {type: dense, units: 1}]", "mse")));
        assertEquals("model.layers[0].kernel_size: 5 does not fit the 4 steps it gets; use a smaller window, fewer "
                + "pooling layers before it, or padding: same", tooLong.getMessage());
        ConfigException image = assertThrows(ConfigException.class, () -> PlannedNetwork.job("[4, 4, 1]",
                "[{type: conv1d, filters: 2, kernel_size: 2}, {type: flatten}, {type: dense, units: 1}]", "mse")
                .model().layers().get(0).output("model.layers[0]", new Shape(Shape.Kind.IMAGE, new int[] {4, 4, 1}),
                        true));
        assertEquals("model.layers[0]: conv1d takes a sequence [timesteps, features]: set model.input to "
                + "[timesteps, features], or put an embedding first, but gets shape [4, 4, 1]", image.getMessage());
        ConfigException padding = assertThrows(ConfigException.class, () -> PlannedNetwork.job("[4, 2]",
                "[{type: conv1d, filters: 2, kernel_size: 2, padding: full}, {type: flatten}, {type: dense, units: 1}]",
                "mse"));
        assertEquals("model.layers[0].padding: must be valid, same or causal, got 'full'", padding.getMessage());
    }

    @Test
    void findsTheMarkedWordInASequence() throws Exception {
        PlantedTraining planted = new PlantedTraining(dir);
        TrainingOutcome outcome = planted.train(TestData.markedSequences(1000, 10, 20, 7, 1),
                TestData.markedSequences(300, 10, 20, 7, 2), """
                model:
                  input: [10]
                  layers:
                    - {type: embedding, input_dim: 20, output_dim: 8}
                    - {type: conv1d, filters: 8, kernel_size: 3, padding: same, activation: relu}
                    - {type: global_average_pooling1d}
                    - {type: dense, units: 1, activation: sigmoid}
                compile:
                  loss: binary_crossentropy
                  optimizer: {name: adam, learning_rate: 0.01}
                  metrics: [accuracy]
                fit: {epochs: 8, batch_size: 32, seed: 3}
                """);
        PlantedTraining.assertBeats(outcome, "accuracy", 0.9);
        planted.assertPredictionsReproduce(outcome, "accuracy");
    }
}
