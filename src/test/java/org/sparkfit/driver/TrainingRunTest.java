package org.sparkfit.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkfit.datasets.DataFormatException;
import org.sparkfit.driver.config.JobConfig;
import org.sparkfit.driver.jobs.EvaluationRun;
import org.sparkfit.driver.jobs.PredictionRun;
import org.sparkfit.driver.jobs.TrainingRun;
import org.sparkfit.driver.train.TrainingDivergedException;
import org.sparkfit.driver.train.TrainingListener;
import org.sparkfit.driver.train.TrainingOutcome;
import org.sparkfit.testing.Jobs;
import org.sparkfit.testing.ParquetData;
import org.sparkfit.testing.PredictionFiles;
import org.sparkfit.testing.SharedSpark;
import org.sparkfit.testing.TestData;

/** Train, save, load, evaluate and predict on a planted-rule data set, on the shared local[2] context. */
class TrainingRunTest {
    private static final int WIDTH = 12;

    @TempDir
    Path dir;
    private TestData.Set train;
    private TestData.Set test;

    @BeforeEach
    void writeData() throws Exception {
        train = TestData.planted(600, WIDTH, 3, 1);
        test = TestData.planted(150, WIDTH, 3, 2);
        TestData.writeIdx(train, new int[] {WIDTH}, dir.resolve("train-images"), dir.resolve("train-labels"), true);
        TestData.writeIdx(test, new int[] {WIDTH}, dir.resolve("test-images"), dir.resolve("test-labels"), false);
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> list = new java.util.ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }

    private JobConfig job(String... overrides) {
        return Jobs.parse(Jobs.idxClassifier(dir.toString(), WIDTH, 3, dir.resolve("run").toString()), overrides);
    }

    private TrainingOutcome train(JobConfig config, boolean overwrite) throws Exception {
        return new TrainingRun(SharedSpark.context(), new PrintStream(new ByteArrayOutputStream()),
                new TrainingListener() { }).run(config, overwrite);
    }

    @Test
    void learnsThePlantedRuleAndTheSavedModelReproducesItsScores() throws Exception {
        TrainingOutcome outcome = train(job(), false);
        double accuracy = outcome.test().get("accuracy");
        assertTrue(accuracy > 0.9, "accuracy " + accuracy);
        assertTrue(outcome.baseline().get("accuracy") < 0.5, "baseline " + outcome.baseline());

        Path run = dir.resolve("run");
        try (Stream<Path> files = Files.list(run)) {
            assertEquals(List.of("_SUCCESS", "charts", "checkpoints", "config.yaml", "metrics.json", "model.zip",
                    "report.html", "summary.txt"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().startsWith(".run.tmp")));
        }
        JsonNode metrics = new ObjectMapper().readTree(run.resolve("metrics.json").toFile());
        assertEquals(accuracy, metrics.at("/test/accuracy").asDouble());
        assertEquals(3, metrics.at("/history").size());
        assertEquals(outcome.history().get(2).values().get("val_accuracy"),
                metrics.at("/history/2/val_accuracy").asDouble());
        assertTrue(metrics.at("/history/0/loss").asDouble() > metrics.at("/history/2/loss").asDouble());
        for (JsonNode epoch : metrics.at("/history")) {
            JsonNode timing = epoch.path("timing");
            assertEquals(List.of("fit", "wait", "exchange", "evaluation", "spark", "other", "fit_all_workers"),
                    iterable(timing.fieldNames()));
            double parts = 0;
            for (String part : List.of("fit", "wait", "exchange", "evaluation", "spark", "other")) {
                assertTrue(timing.path(part).asDouble() >= 0, part + " " + timing);
                parts += timing.path(part).asDouble();
            }
            assertEquals(epoch.path("seconds").asDouble(), parts, 1e-6, "the parts add up to the epoch");
            assertTrue(timing.path("fit").asDouble() > 0 && timing.path("exchange").asDouble() > 0
                    && timing.path("fit_all_workers").asDouble() >= timing.path("fit").asDouble(),
                    timing.toString());
        }

        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(run.resolve("model.zip").toFile());
        float[] state = java.util.Arrays.copyOf(outcome.state(), (int) restored.numParams());
        assertEquals(java.util.Arrays.toString(state), java.util.Arrays.toString(restored.params().toFloatVector()));

        Map<String, Double> evaluated = new EvaluationRun(SharedSpark.context()).run(run.toString());
        assertEquals(outcome.test().get("accuracy"), evaluated.get("accuracy"), 1e-12);
        assertEquals(outcome.test().get("loss"), evaluated.get("loss"), 1e-6);

        Path predictions = dir.resolve("predictions.csv");
        long rows = new PredictionRun(SharedSpark.context()).run(run.toString(),
                dir.resolve("test-images").toString(), predictions.toString(), false);
        assertEquals(test.rows(), rows);
        List<String> lines = PredictionFiles.lines(predictions);
        assertEquals("row,prediction,probability", lines.get(0));
        long correct = 0;
        for (int r = 0; r < test.rows(); r++) {
            String[] cells = lines.get(r + 1).split(",");
            assertEquals(r, Integer.parseInt(cells[0]));
            correct += Integer.parseInt(cells[1]) == test.labels()[r] ? 1 : 0;
        }
        assertEquals(accuracy, (double) correct / test.rows(), 1e-12);

        // The same rows as Parquet, chosen by the output's name; --overwrite replaces only a predictions directory.
        Path parquet = dir.resolve("predictions.parquet");
        new PredictionRun(SharedSpark.context()).run(run.toString(), dir.resolve("test-images").toString(),
                parquet.toString(), false);
        assertEquals(lines.subList(1, lines.size()), ParquetData.session().read().parquet(parquet.toString())
                .orderBy("row").collectAsList().stream().map(row -> row.getLong(0) + "," + row.getInt(1) + ","
                        + row.getDouble(2)).toList());
        new PredictionRun(SharedSpark.context()).run(run.toString(), dir.resolve("test-images").toString(),
                predictions.toString(), true, PredictionRun.Format.PARQUET);
        assertTrue(Files.exists(predictions.resolve("_SPARKFIT_PREDICTIONS")));
        assertThrows(UserInputException.class, () -> new PredictionRun(SharedSpark.context()).run(run.toString(),
                dir.resolve("test-images").toString(), run.toString(), true));
    }

    @Test
    void allreduceTrainsOnTheGlobalBatchAndRecordsItsMode() throws Exception {
        TrainingOutcome outcome = train(job("spark.exchange=allreduce", "fit.batch_size=32"), false);
        assertTrue(outcome.test().get("accuracy") > 0.9, "accuracy " + outcome.test());
        JsonNode metrics = new ObjectMapper().readTree(dir.resolve("run").resolve("metrics.json").toFile());
        assertEquals("allreduce", metrics.path("exchange").asText());
        assertTrue(metrics.at("/history/0/loss").asDouble() > metrics.at("/history/2/loss").asDouble());
        String report = Files.readString(dir.resolve("run").resolve("report.html"));
        assertTrue(report.contains("gradients summed every mini-batch"), "report names the exchange");
    }

    @Test
    void allTheEpochsAreOneSparkJobNamedAfterTheRunAndEpochsInTheSparkUi() throws Exception {
        train(job("name=ui-names", "fit.epochs=3"), false);
        // What the Spark UI lists: the status store behind it, filled by a listener shortly after each job.
        String stage = "sparkfit ui-names epochs 1-3/3 (5 rounds each, and evaluation)";
        List<String> descriptions = new java.util.ArrayList<>();
        for (int wait = 0; wait < 100 && !descriptions.contains(stage); wait++) {
            Thread.sleep(100);
            descriptions.clear();
            scala.collection.JavaConverters.seqAsJavaList(SharedSpark.context().sc().statusStore().jobsList(null))
                    .forEach(j -> descriptions.add(j.description().getOrElse(() -> "")));
        }
        List<String> epochs = descriptions.stream().filter(d -> d.startsWith("sparkfit ui-names epoch")).toList();
        assertEquals(List.of(stage), epochs, descriptions.toString());
    }

    @Test
    void modelZipRoundTripGivesIdenticalPredictions() throws Exception {
        train(job("fit.epochs=1"), false);
        Path zip = dir.resolve("run/model.zip");
        MultiLayerNetwork first = ModelSerializer.restoreMultiLayerNetwork(zip.toFile(), true);
        Path again = dir.resolve("again.zip");
        ModelSerializer.writeModel(first, again.toFile(), true);
        MultiLayerNetwork second = ModelSerializer.restoreMultiLayerNetwork(again.toFile(), true);
        INDArray input = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 20, WIDTH);
        assertEquals(first.output(input), second.output(input));
        assertEquals(first.getUpdater().getStateViewArray(), second.getUpdater().getStateViewArray());
    }

    @Test
    void existingOutputIsKeptUnlessOverwriting() throws Exception {
        train(job("fit.epochs=1"), false);
        byte[] before = Files.readAllBytes(dir.resolve("run/model.zip"));
        UserInputException e = assertThrows(UserInputException.class, () -> train(job("fit.epochs=1"), false));
        assertEquals(dir.resolve("run") + " already exists; pass --overwrite to replace it, or choose another "
                + "output", e.getMessage());
        assertEquals(java.util.Arrays.toString(before),
                java.util.Arrays.toString(Files.readAllBytes(dir.resolve("run/model.zip"))));
        train(job("fit.epochs=1", "fit.seed=99"), true);
        assertFalse(java.util.Arrays.equals(before, Files.readAllBytes(dir.resolve("run/model.zip"))));
    }

    @Test
    void badLabelInsideAnExecutorFailsTheJobAndWritesNothing() throws Exception {
        int[] labels = train.labels().clone();
        labels[450] = 7;
        TestData.writeLabels(labels, dir.resolve("train-labels"), true);
        Exception e = assertThrows(Exception.class, () -> train(job(), false));
        Throwable cause = e;
        while (!(cause instanceof DataFormatException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        assertEquals(dir.resolve("train-labels") + ": record 450: label 7.0 is outside 0..2 (the model's last layer "
                + "predicts 3 classes); fix the labels or the last layer's units", cause.getMessage());
        assertFalse(Files.exists(dir.resolve("run")));
    }

    @Test
    void inputWidthThatDoesNotFitTheModelIsRejectedBeforeTraining() {
        UserInputException e = assertThrows(UserInputException.class, () -> train(job("model.input=[10]"), false));
        assertTrue(e.getMessage().startsWith("data.train: "), e.getMessage());
        assertTrue(e.getMessage().endsWith("has 12 features per example (shape [12]) but model.input [10] takes 10; "
                + "fix model.input or the data"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("run")));
    }

    @Test
    void divergingLearningRateStopsWithEpochAndRound() {
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> train(job(
                "compile.optimizer={name: sgd, learning_rate: 1.0e30}"), false));
        assertTrue(e.getMessage().startsWith("training diverged in epoch 1, round 1: "), e.getMessage());
        assertFalse(Files.exists(dir.resolve("run")));
    }

    @Test
    void moreWorkersThanTaskSlotsAreRefusedBeforeTheDataIsRead() {
        UserInputException e = assertThrows(UserInputException.class, () -> train(job("spark.workers=3"), false));
        assertEquals("spark.workers: 3 workers train at once in one barrier stage and need 3 task slots, but there "
                + "are 2 in local[2,2]; lower spark.workers, or give Spark more cores or executors (spark.task.cpus "
                + "and GPUs per task count too)", e.getMessage());
        assertFalse(Files.exists(dir.resolve("run")));
    }
}
