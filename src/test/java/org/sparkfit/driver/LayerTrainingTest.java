package org.sparkfit.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkfit.driver.train.TrainingOutcome;
import org.sparkfit.testing.PlantedTraining;
import org.sparkfit.testing.TestData;

/**
 * Convolution, pooling, normalization, embedding, recurrent and attention layers, with the losses and metrics they
 * go with, each trained by 2 workers through the averaging path on data with a planted answer: each must beat the
 * baseline clearly, and {@code predict} must reproduce the held-out score.
 */
class LayerTrainingTest {
    @TempDir
    Path dir;

    private PlantedTraining planted;

    @BeforeEach
    void start() {
        planted = new PlantedTraining(dir);
    }

    @Test
    void convolutionsWithBatchNormalizationAndPoolingFindTheBrightBand() throws Exception {
        // 6x6 images; the label is which band of two pixel rows is bright.
        TrainingOutcome outcome = planted.train(TestData.planted(900, 36, 3, 1), TestData.planted(300, 36, 3, 2), """
                model:
                  input: [6, 6, 1]
                  layers:
                    - {type: conv2d, filters: 8, kernel_size: 3, padding: same, activation: relu,
                       kernel_initializer: he_uniform, kernel_regularizer: {l2: 0.0001}}
                    - {type: batch_normalization}
                    - {type: max_pooling2d, pool_size: 2}
                    - {type: conv2d, filters: 8, kernel_size: [2, 2], activation: relu}
                    - {type: average_pooling2d, pool_size: 1}
                    - {type: flatten}
                    - {type: dropout, rate: 0.1}
                    - {type: dense, units: 3, activation: softmax}
                compile:
                  loss: sparse_categorical_crossentropy
                  optimizer: {name: adam, learning_rate: 0.01}
                  metrics: [accuracy, precision, recall, f1]
                fit: {epochs: 6, batch_size: 32, seed: 3}
                """);
        PlantedTraining.assertBeats(outcome, "accuracy", 0.9);
        assertTrue(outcome.test().get("f1") > 0.9, outcome.test().toString());
        planted.assertPredictionsReproduce(outcome, "accuracy");
    }

    @Test
    void hingeOnGlobalAveragePoolingTellsBrightImages() throws Exception {
        TrainingOutcome outcome = planted.train(TestData.brightness(600, 36, 1), TestData.brightness(300, 36, 2), """
                model:
                  input: [6, 6, 1]
                  layers:
                    - {type: conv2d, filters: 4, kernel_size: 3, activation: relu}
                    - {type: global_average_pooling2d}
                    - {type: dense, units: 1, activation: linear}
                compile:
                  loss: hinge
                  optimizer: {name: nadam, learning_rate: 0.01}
                  metrics: [accuracy, auc]
                fit: {epochs: 6, batch_size: 32, seed: 3}
                """);
        PlantedTraining.assertBeats(outcome, "accuracy", 0.85);
        assertTrue(outcome.test().get("auc") > 0.9, outcome.test().toString());
        planted.assertPredictionsReproduce(outcome, "accuracy");
    }

    @Test
    void embeddingAndLstmFindTheMarkedWord() throws Exception {
        TrainingOutcome outcome = planted.train(TestData.markedSequences(1000, 10, 20, 7, 1),
                TestData.markedSequences(300, 10, 20, 7, 2), """
                model:
                  input: [10]
                  layers:
                    - {type: embedding, input_dim: 20, output_dim: 8}
                    - {type: lstm, units: 16}
                    - {type: dense, units: 1, activation: sigmoid}
                compile:
                  loss: binary_crossentropy
                  optimizer: {name: rmsprop, learning_rate: 0.01}
                  metrics: [accuracy, auc]
                fit: {epochs: 8, batch_size: 32, seed: 3}
                """);
        PlantedTraining.assertBeats(outcome, "accuracy", 0.9);
        planted.assertPredictionsReproduce(outcome, "accuracy");
    }

    @Test
    void recurrentAttentionRegressionCountsFlags() throws Exception {
        TestData.Set train = TestData.countedFlags(1000, 8, 1);
        TestData.Set test = TestData.countedFlags(300, 8, 2);
        TrainingOutcome outcome = planted.train(train, test, """
                model:
                  input: [8, 2]
                  layers:
                    - {type: simple_rnn, units: 16, return_sequences: true}
                    - {type: multi_head_attention, num_heads: 2, key_dim: 4}
                    - {type: global_average_pooling1d}
                    - {type: dense, units: 1}
                compile:
                  loss: huber
                  optimizer: {name: adam, learning_rate: 0.01}
                  metrics: [mae, rmse, r2]
                fit: {epochs: 10, batch_size: 32, seed: 3}
                """);
        double trainMean = java.util.Arrays.stream(train.labels()).average().orElseThrow();
        assertEquals(java.util.Arrays.stream(test.labels()).mapToDouble(y -> Math.abs(y - trainMean)).average()
                .orElseThrow(), outcome.baseline().get("mae"), 1e-9, "the mean predictor: the training set's mean");
        double mae = outcome.test().get("mae");
        assertTrue(mae < 0.5 * outcome.baseline().get("mae"), "mae " + mae + " vs baseline " + outcome.baseline());
        assertTrue(outcome.test().get("r2") > 0.7, outcome.test().toString());
        assertEquals(Math.sqrt(outcome.testScores().metric("mse")), outcome.test().get("rmse"), 1e-6);
        planted.assertPredictionsReproduce(outcome, "mae");
    }
}
