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

/** Keras' SeparableConv2D: shapes and parameter counts as Keras gives them, built alike by DL4J, and it learns. */
class SeparableConv2DTest {
    @TempDir
    Path dir;

    @Test
    void shapesAndParametersAreKeras() {
        // Keras: SeparableConv2D(16, 3) on (28, 28, 8): 3*3*8 depthwise + 8*16 pointwise + 16 bias = 216, (26, 26, 16);
        // with depth_multiplier=2, strides=2, padding="same", no bias: 3*3*16*2 + 16*2*4 = 416, (13, 13, 4).
        NetworkPlan plan = PlannedNetwork.assertBuildsAsPlanned(PlannedNetwork.job("[28, 28, 8]",
                "[{type: separable_conv2d, filters: 16, kernel_size: 3, activation: relu},"
                        + " {type: separable_conv2d, filters: 4, kernel_size: [3, 3], strides: 2, padding: same,"
                        + " depth_multiplier: 2, use_bias: false}, {type: flatten}, {type: dense, units: 1}]", "mse"));
        assertEquals("(None, 26, 26, 16)", plan.layers().get(0).shapeText());
        assertEquals(216, plan.layers().get(0).params());
        assertEquals("(None, 13, 13, 4)", plan.layers().get(1).shapeText());
        assertEquals(416, plan.layers().get(1).params());
        assertEquals("separable_conv2d_1", plan.layers().get(1).name());
        assertEquals("SeparableConv2D", plan.layers().get(1).kerasClass());
    }

    @Test
    void aSingleChannelIsRefusedWithTheFix() {
        ConfigException e = assertThrows(ConfigException.class, () -> PlannedNetwork.assertBuildsAsPlanned(
                PlannedNetwork.job("[8, 8]", "[{type: separable_conv2d, filters: 2, kernel_size: 3}, {type: flatten},"
                        + " {type: dense, units: 1}]", "mse")));
        assertEquals("model.layers[0]: separable_conv2d gets an image of 1 channel [8, 8, 1], which DL4J 1.0.0-M2.1's "
                + "separable convolution cannot take (and separating one channel saves nothing); use conv2d here",
                e.getMessage());
    }

    @Test
    void aBadDepthMultiplierIsRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> PlannedNetwork.job("[8, 8, 1]",
                "[{type: separable_conv2d, filters: 2, kernel_size: 3, depth_multiplier: 0}, {type: flatten},"
                        + " {type: dense, units: 1}]", "mse"));
        assertEquals("model.layers[0].depth_multiplier: must be at least 1, got 0", e.getMessage());
    }

    @Test
    void findsTheBrightBand() throws Exception {
        PlantedTraining planted = new PlantedTraining(dir);
        TrainingOutcome outcome = planted.train(TestData.planted(900, 36, 3, 1), TestData.planted(300, 36, 3, 2), """
                model:
                  input: [6, 6, 1]
                  layers:
                    - {type: conv2d, filters: 4, kernel_size: 3, padding: same, activation: relu}
                    - {type: separable_conv2d, filters: 8, kernel_size: 3, padding: same, activation: relu}
                    - {type: max_pooling2d, pool_size: 2}
                    - {type: flatten}
                    - {type: dense, units: 3, activation: softmax}
                compile:
                  loss: sparse_categorical_crossentropy
                  optimizer: {name: adam, learning_rate: 0.01}
                  metrics: [accuracy]
                fit: {epochs: 6, batch_size: 32, seed: 3}
                """);
        PlantedTraining.assertBeats(outcome, "accuracy", 0.9);
        planted.assertPredictionsReproduce(outcome, "accuracy");
    }
}
