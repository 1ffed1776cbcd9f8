package org.sparkfit.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkfit.driver.jobs.PredictionRun;
import org.sparkfit.driver.jobs.TrainingRun;
import org.sparkfit.driver.train.TrainingListener;
import org.sparkfit.driver.train.TrainingOutcome;
import org.sparkfit.testing.Jobs;
import org.sparkfit.testing.SharedSpark;
import org.sparkfit.testing.TestData;

/**
 * Convolution, pooling, normalization, embedding, recurrent and attention layers, with the losses and metrics they
 * go with, each trained by 2 workers through the averaging path on data with a planted answer: each must beat the
 * baseline clearly, and {@code predict} must reproduce the held-out score.
 */
class LayerTrainingTest {
    @TempDir
    Path dir;

    @Test
    void convolutionsWithBatchNormalizationAndPoolingFindTheBrightBand() throws Exception {
        // 6x6 images; the label is which band of two pixel rows is bright.
        TrainingOutcome outcome = train(TestData.planted(900, 36, 3, 1), TestData.planted(300, 36, 3, 2), """
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
        assertBeats(outcome, "accuracy", 0.9);
        assertTrue(outcome.test().get("f1") > 0.9, outcome.test().toString());
        assertPredictionsReproduce(outcome, "accuracy");
    }

    @Test
    void hingeOnGlobalAveragePoolingTellsBrightImages() throws Exception {
        TrainingOutcome outcome = train(TestData.brightness(600, 36, 1), TestData.brightness(300, 36, 2), """
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
        assertBeats(outcome, "accuracy", 0.85);
        assertTrue(outcome.test().get("auc") > 0.9, outcome.test().toString());
        assertPredictionsReproduce(outcome, "accuracy");
    }

    @Test
    void embeddingAndLstmFindTheMarkedWord() throws Exception {
        TrainingOutcome outcome = train(TestData.markedSequences(1000, 10, 20, 7, 1),
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
        assertBeats(outcome, "accuracy", 0.9);
        assertPredictionsReproduce(outcome, "accuracy");
    }

    @Test
    void recurrentAttentionRegressionCountsFlags() throws Exception {
        TestData.Set train = TestData.countedFlags(1000, 8, 1);
        TestData.Set test = TestData.countedFlags(300, 8, 2);
        TrainingOutcome outcome = train(train, test, """
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
        assertPredictionsReproduce(outcome, "mae");
    }

    private TrainingOutcome train(TestData.Set train, TestData.Set test, String network) throws Exception {
        TestData.writeCsv(train, dir.resolve("train.csv"), true);
        TestData.writeCsv(test, dir.resolve("test.csv"), true);
        TestData.writeCsv(test, dir.resolve("input.csv"), false);
        String yaml = """
                data:
                  train: {format: csv, path: %1$s/train.csv, header: true}
                  test: {format: csv, path: %1$s/test.csv, header: true}
                  scale: %3$s
                %2$s
                spark: {workers: 2, averaging_frequency: 4}
                output: %1$s/run
                """.formatted(dir, network, network.contains("conv2d") ? 255 : 1);
        return new TrainingRun(SharedSpark.context(), new PrintStream(new ByteArrayOutputStream()),
                new TrainingListener() { }).run(Jobs.parse(yaml), false);
    }

    private static void assertBeats(TrainingOutcome outcome, String metric, double atLeast) {
        double score = outcome.test().get(metric);
        assertTrue(score >= atLeast && score > outcome.baseline().get(metric) + 0.2,
                metric + " " + score + " vs baseline " + outcome.baseline());
    }

    /** Predicts the raw test input with the saved run and scores the predictions against the test labels. */
    private void assertPredictionsReproduce(TrainingOutcome outcome, String metric) throws Exception {
        Path out = dir.resolve("predictions.csv");
        new PredictionRun(SharedSpark.context()).run(dir.resolve("run").toString(), dir.resolve("input.csv")
                .toString(), out.toString(), false);
        List<String> lines = Files.readAllLines(out);
        List<String> truth = Files.readAllLines(dir.resolve("test.csv"));
        double sum = 0;
        double squaredErrors = 0;
        double labelSum = 0;
        double labelSquares = 0;
        int n = lines.size() - 1;
        for (int r = 1; r < lines.size(); r++) {
            double predicted = Double.parseDouble(lines.get(r).split(",")[1]);
            String[] cells = truth.get(r).split(",");
            double actual = Double.parseDouble(cells[cells.length - 1]);
            sum += "accuracy".equals(metric) ? (predicted == actual ? 1 : 0) : Math.abs(predicted - actual);
            squaredErrors += (predicted - actual) * (predicted - actual);
            labelSum += actual;
            labelSquares += actual * actual;
        }
        Map<String, Double> test = outcome.test();
        assertEquals(test.get(metric), sum / n, 1e-5, metric + " from predict vs evaluate");
        if (test.containsKey("r2")) {
            double r2 = 1 - squaredErrors / (labelSquares - labelSum * labelSum / n);
            assertEquals(r2, test.get("r2"), 1e-4, "r2 = 1 - SSE/SST over the test set");
        }
    }
}
