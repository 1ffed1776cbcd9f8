package org.sparkfit.driver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkfit.datasets.Standardization;
import org.sparkfit.driver.jobs.EvaluationRun;
import org.sparkfit.driver.jobs.PredictionRun;
import org.sparkfit.driver.jobs.TrainingRun;
import org.sparkfit.driver.store.RunDirectory;
import org.sparkfit.driver.train.TrainingListener;
import org.sparkfit.driver.train.TrainingOutcome;
import org.sparkfit.testing.Jobs;
import org.sparkfit.testing.LocalReads;
import org.sparkfit.testing.PredictionFiles;
import org.sparkfit.testing.SharedSpark;

/**
 * {@code standardize: true} fits each feature's mean and deviation on the training set alone, saves them in
 * model.zip, and applies them to the test set at evaluation and to raw input at prediction.
 */
class StandardizeTest {
    @TempDir
    Path dir;

    /** Rows {@code x0,x1,y} with x0 around 5000 (spread 1000), x1 around -3 (spread 0.01), y = 2*z0 - z1. */
    private static void write(Path file, int rows, long seed, boolean withLabel) throws Exception {
        Random random = new Random(seed);
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < rows; r++) {
            double z0 = random.nextGaussian();
            double z1 = random.nextGaussian();
            sb.append(5000 + 1000 * z0).append(',').append(-3 + 0.01 * z1);
            sb.append(withLabel ? "," + (2 * z0 - z1) + "\n" : "\n");
        }
        Files.writeString(file, sb.toString());
    }

    @Test
    void fitsOnTrainingDataSavesWithTheModelAndAppliesAtPredict() throws Exception {
        // Large enough (0.9 MB) that the few small buffers of reading headers count for little below.
        write(dir.resolve("train.csv"), 16000, 1, true);
        write(dir.resolve("test.csv"), 200, 2, true);
        write(dir.resolve("input.csv"), 200, 2, false);
        String run = dir.resolve("run").toString();
        long readBefore = LocalReads.bytes();
        TrainingOutcome outcome = new TrainingRun(SharedSpark.context(), new PrintStream(new ByteArrayOutputStream()),
                new TrainingListener() { }).run(Jobs.parse("""
                data:
                  train: {format: csv, path: %1$s/train.csv}
                  test: {format: csv, path: %1$s/test.csv}
                  standardize: true
                model:
                  input: [2]
                  layers:
                    - {type: dense, units: 8, activation: relu}
                    - {type: dense, units: 1}
                compile: {loss: mse, optimizer: {name: adam, learning_rate: 0.01}, metrics: [mae]}
                fit: {epochs: 2, batch_size: 32, seed: 5}
                spark: {workers: 2, averaging_frequency: 4}
                output: %2$s
                """.formatted(dir, run)), false);
        // The statistics come from the cached training rows: the 2 workers read each file once between them (each
        // its own byte range); a separate pass to fit them would read the training file again.
        long read = LocalReads.bytes() - readBefore;
        long once = Files.size(dir.resolve("train.csv")) + Files.size(dir.resolve("test.csv"));
        assertTrue(read >= once && read < once + Files.size(dir.resolve("train.csv")) / 2, read + " bytes read, "
                + once + " when each file is read once");
        double mae = outcome.test().get("mae");
        assertTrue(mae < 0.25 * outcome.baseline().get("mae"), "mae " + mae + " vs " + outcome.baseline());

        Standardization saved = new RunDirectory(run, SharedSpark.context().hadoopConfiguration())
                .readStandardization();
        assertEquals(5000, saved.mean()[0], 100);
        assertEquals(1000, saved.std()[0], 100);
        assertEquals(-3, saved.mean()[1], 0.002);
        assertEquals(0.01, saved.std()[1], 0.001);

        assertEquals(mae, new EvaluationRun(SharedSpark.context()).run(run).get("mae"), 1e-6);
        Path predictions = dir.resolve("predictions.csv");
        new PredictionRun(SharedSpark.context()).run(run, dir.resolve("input.csv").toString(),
                predictions.toString(), false);
        List<String> predicted = PredictionFiles.lines(predictions);
        List<String> truth = Files.readAllLines(dir.resolve("test.csv"));
        double sum = 0;
        for (int r = 0; r < truth.size(); r++) {
            String[] cells = truth.get(r).split(",");
            sum += Math.abs(Double.parseDouble(predicted.get(r + 1).split(",")[1]) - Double.parseDouble(cells[2]));
        }
        assertEquals(mae, sum / truth.size(), 1e-5, "predict on raw input reproduces evaluate");
    }

    /** With validation_split the statistics come from the training side alone, and evaluate scores the same side. */
    @Test
    void validationSplitHoldsOutPartOfTheTrainingFile() throws Exception {
        write(dir.resolve("all.csv"), 1000, 3, true);
        String run = dir.resolve("split").toString();
        TrainingOutcome outcome = new TrainingRun(SharedSpark.context(), new PrintStream(new ByteArrayOutputStream()),
                new TrainingListener() { }).run(Jobs.parse("""
                data:
                  train: {format: csv, path: %1$s/all.csv}
                  validation_split: 0.2
                  standardize: true
                model: {input: [2], layers: [{type: dense, units: 8, activation: relu}, {type: dense, units: 1}]}
                compile: {loss: mse, optimizer: {name: adam, learning_rate: 0.01}, metrics: [mae]}
                fit: {epochs: 6, batch_size: 32, seed: 5}
                spark: {workers: 2, averaging_frequency: 4}
                output: %2$s
                """.formatted(dir, run)), false);
        assertTrue(outcome.test().get("mae") < 0.25 * outcome.baseline().get("mae"), outcome.test().toString());
        assertEquals(outcome.test().get("mae"), new EvaluationRun(SharedSpark.context()).run(run).get("mae"), 1e-6);
    }

    @Test
    void fittedValuesAreNumpysMeanAndStd() {
        Standardization fitted = new Standardization.Moments(new org.sparkfit.datasets.Examples(4, 2,
                new float[] {1, 7, 2, 7, 3, 7, 6, 7}, null)).fit();
        assertArrayEquals(new float[] {3, 7}, fitted.mean());
        assertArrayEquals(new float[] {(float) Math.sqrt(3.5), 1}, fitted.std(), 1e-6f, "a constant feature gets 1");
    }

    @Test
    void runsWithoutStandardizeSaveNone() throws Exception {
        write(dir.resolve("train.csv"), 100, 1, true);
        String run = dir.resolve("plain").toString();
        new TrainingRun(SharedSpark.context(), new PrintStream(new ByteArrayOutputStream()),
                new TrainingListener() { }).run(Jobs.parse("""
                data: {train: {format: csv, path: %1$s/train.csv}, test: {format: csv, path: %1$s/train.csv}}
                model: {input: [2], layers: [{type: dense, units: 1}]}
                compile: {loss: mse}
                fit: {epochs: 1}
                spark: {workers: 2}
                output: %2$s
                """.formatted(dir, run)), false);
        assertNull(new RunDirectory(run, SharedSpark.context().hadoopConfiguration()).readStandardization());
    }
}
