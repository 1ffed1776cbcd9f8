package org.sparkfit.driver.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkfit.driver.ConfigException;
import org.sparkfit.driver.model.NetworkPlan;
import org.sparkfit.driver.train.TrainingOutcome;
import org.sparkfit.testing.PlannedNetwork;
import org.sparkfit.testing.PlantedTraining;
import org.sparkfit.testing.TestData;

/** Keras' MaxPooling1D and AveragePooling1D: shapes as Keras gives them, built alike by DL4J, and they learn. */
class Pooling1DTest {
    @TempDir
    Path dir;

    @Test
    void shapesAreKeras() {
        // Keras: MaxPooling1D() on (9, 3) gives (None, 4, 3); AveragePooling1D(3, strides=1, padding="same") keeps 4.
        NetworkPlan plan = PlannedNetwork.assertBuildsAsPlanned(PlannedNetwork.job("[9, 3]",
                "[{type: max_pooling1d}, {type: average_pooling1d, pool_size: 3, strides: 1, padding: same},"
                        + " {type: lstm, units: 2}, {type: dense, units: 1}]", "mse"));
        assertEquals("(None, 4, 3)", plan.layers().get(0).shapeText());
        assertEquals("(None, 4, 3)", plan.layers().get(1).shapeText());
        assertEquals(0, plan.layers().get(0).params() + plan.layers().get(1).params());
        assertEquals("MaxPooling1D", plan.layers().get(0).kerasClass());
        assertEquals("average_pooling1d", plan.layers().get(1).name());
        assertTrue(((Pooling1D) plan.layers().get(0).config()).max());
    }

    @Test
    void anImageIsRefusedNamingThe2dPooling() {
        ConfigException e = assertThrows(ConfigException.class, () -> PlannedNetwork.assertBuildsAsPlanned(
                PlannedNetwork.job("[4, 4, 1]", "[{type: conv2d, filters: 2, kernel_size: 1},"
                        + " {type: average_pooling1d}, {type: flatten}, {type: dense, units: 1}]", "mse")));
        assertEquals("model.layers[1]: average_pooling1d takes a sequence [timesteps, features]; for an image use "
                + "average_pooling2d, but gets shape [4, 4, 2]", e.getMessage());
    }

    @Test
    void poolingEmbeddingsFindsTheMarkedWord() throws Exception {
        PlantedTraining planted = new PlantedTraining(dir);
        TrainingOutcome outcome = planted.train(TestData.markedSequences(1000, 10, 20, 7, 1),
                TestData.markedSequences(300, 10, 20, 7, 2), """
                model:
                  input: [10]
                  layers:
                    - {type: embedding, input_dim: 20, output_dim: 8}
                    - {type: max_pooling1d, pool_size: 2}
                    - {type: average_pooling1d, pool_size: 5}
                    - {type: flatten}
                    - {type: dense, units: 8, activation: relu}
                    - {type: dense, units: 1, activation: sigmoid}
                compile:
                  loss: binary_crossentropy
                  optimizer: {name: adam, learning_rate: 0.02}
                  metrics: [accuracy]
                fit: {epochs: 12, batch_size: 32, seed: 3}
                """);
        PlantedTraining.assertBeats(outcome, "accuracy", 0.9);
        planted.assertPredictionsReproduce(outcome, "accuracy");
    }
}
