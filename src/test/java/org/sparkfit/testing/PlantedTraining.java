package org.sparkfit.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.sparkfit.driver.jobs.PredictionRun;
import org.sparkfit.driver.jobs.TrainingRun;
import org.sparkfit.driver.train.TrainingListener;
import org.sparkfit.driver.train.TrainingOutcome;

/**
 * Trains a network on planted data written as CSV into a directory, by 2 workers through the averaging path, and
 * checks what a layer's training test checks: the held-out score beats the baseline clearly, and {@code predict}
 * on the raw input reproduces it.
 */
public final class PlantedTraining {
    private final Path dir;

    public PlantedTraining(Path dir) {
        this.dir = dir;
    }

    /** Trains the job's {@code network} (its model, compile and fit sections) on {@code train}, scored on test. */
    public TrainingOutcome train(TestData.Set train, TestData.Set test, String network) throws Exception {
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

    public static void assertBeats(TrainingOutcome outcome, String metric, double atLeast) {
        double score = outcome.test().get(metric);
        assertTrue(score >= atLeast && score > outcome.baseline().get(metric) + 0.2,
                metric + " " + score + " vs baseline " + outcome.baseline());
    }

    /** Predicts the raw test input with the saved run and scores the predictions against the test labels. */
    public void assertPredictionsReproduce(TrainingOutcome outcome, String metric) throws Exception {
        Path out = dir.resolve("predictions.csv");
        new PredictionRun(SharedSpark.context()).run(dir.resolve("run").toString(), dir.resolve("input.csv")
                .toString(), out.toString(), false);
        List<String> lines = PredictionFiles.lines(out);
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
