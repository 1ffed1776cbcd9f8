package org.sparkfit.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkfit.testing.FashionSlice;
import org.sparkfit.testing.PredictionFiles;

/**
 * The product as a user runs it: {@code scripts/sparkfit} in its own JVM (the test's classpath stands in for the
 * built jar), on a slice of the real Fashion-MNIST from Debian's dataset-fashion-mnist package.
 */
class CommandLineTest {
    private static final Path SCRIPT = Path.of("scripts/sparkfit").toAbsolutePath();

    @TempDir
    static Path dir;
    private static int[] testLabels;

    @BeforeAll
    static void sliceRealData() throws IOException {
        FashionSlice.write(dir, "train", 3000);
        testLabels = FashionSlice.write(dir, "t10k", 600);
        Files.writeString(dir.resolve("job.yaml"), Files.readString(Path.of("conf/fashion-mnist-mlp.yaml"))
                .replace(FashionSlice.PACKAGE.toString(), dir.toString()).replace(".gz", "")
                .replace("runs/fashion-mnist-mlp", dir.resolve("run").toString()));
    }

    private record Result(int exit, String out, String err) {
    }

    private static Result sparkfit(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(SCRIPT.toString()));
        command.addAll(List.of(args));
        return run(command);
    }

    /** Runs sparkfit with a pseudo-terminal as its console, through util-linux's {@code script}. */
    private static Result sparkfitOnATerminal(String... args) throws Exception {
        return run(List.of("script", "-qec", SCRIPT + " " + String.join(" ", args), "/dev/null"));
    }

    private static Result run(List<String> command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().put("SPARKFIT_CLASSPATH", System.getProperty("java.class.path"));
        pb.environment().put("SPARKFIT_DRIVER_MEMORY", "2g");
        pb.redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
        Process process = pb.start();
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "sparkfit did not finish");
        return new Result(process.exitValue(), Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8));
    }

    @Test
    void trainEvaluatePredictOnRealFashionMnist() throws Exception {
        Result summary = sparkfit("summary", "job.yaml");
        assertEquals(0, summary.exit(), summary.err());
        assertTrue(summary.out().contains("Total params: 407,050"), summary.out());

        Result train = sparkfit("train", "job.yaml", "--set", "fit.epochs=2", "--master", "local[2]");
        assertEquals(0, train.exit(), train.err());
        assertTrue(train.out().contains("Epoch 2/2 - "), train.out());
        JsonNode metrics = new ObjectMapper().readTree(dir.resolve("run/metrics.json").toFile());
        double accuracy = metrics.at("/test/accuracy").asDouble();
        double baseline = metrics.at("/baseline/accuracy").asDouble();
        assertTrue(accuracy > 0.7 && baseline < 0.15, "accuracy " + accuracy + ", baseline " + baseline);
        assertEquals(2, metrics.at("/history").size());
        MultiLayerNetwork model = ModelSerializer.restoreMultiLayerNetwork(dir.resolve("run/model.zip").toFile());
        assertEquals(407_050, model.numParams());

        Result evaluate = sparkfit("evaluate", "run");
        assertEquals(0, evaluate.exit(), evaluate.err());
        assertTrue(evaluate.out().contains(String.format(java.util.Locale.ROOT, "accuracy: %.4f", accuracy)),
                evaluate.out());

        Result predict = sparkfit("predict", "run", "--input", "t10k-images-idx3-ubyte", "--output", "pred.csv");
        assertEquals(0, predict.exit(), predict.err());
        List<String> lines = PredictionFiles.lines(dir.resolve("pred.csv"));
        assertEquals(testLabels.length + 1, lines.size());
        int correct = 0;
        for (int r = 0; r < testLabels.length; r++) {
            correct += Integer.parseInt(lines.get(r + 1).split(",")[1]) == testLabels[r] ? 1 : 0;
        }
        assertEquals(accuracy, (double) correct / testLabels.length, 1e-9);
    }

    @Test
    void trainShowsALiveProgressBarOnATerminal() throws Exception {
        Result train = sparkfitOnATerminal("train", "job.yaml", "--set", "fit.epochs=1", "--set",
                "output=" + dir.resolve("tty-run"), "--master", "local[2]");
        assertEquals(0, train.exit(), train.out() + train.err());
        // The bar redraws in place (carriage returns) with the epoch, rounds done, speed, running loss and ETA.
        assertTrue(train.out().matches("(?s).*\\rEpoch 1/1 +100% \\[=+\\] 2/2 rounds \\(\\d:\\d\\d:\\d\\d / "
                + "\\d:\\d\\d:\\d\\d\\) [0-9,]+ examples/s - loss: \\d\\.\\d+.*"), train.out());
        assertTrue(train.out().contains("\nEpoch 1/1 - "), train.out());
    }

    @Test
    void aDriverKilledBetweenEpochsResumesToTheUninterruptedModel() throws Exception {
        Result whole = sparkfit("train", "job.yaml", "--set", "fit.epochs=3", "--set", "output=whole", "--master",
                "local[2]");
        assertEquals(0, whole.exit(), whole.err());

        List<String> command = List.of(SCRIPT.toString(), "train", "job.yaml", "--set", "fit.epochs=3", "--set",
                "output=killed", "--master", "local[2]");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("killed.out").toFile());
        pb.environment().put("SPARKFIT_CLASSPATH", System.getProperty("java.class.path"));
        pb.environment().put("SPARKFIT_DRIVER_MEMORY", "2g");
        Process driver = pb.start();
        Path firstCheckpoint = dir.resolve(".killed.checkpoints/epoch-0001");
        for (int wait = 0; wait < 2400 && !Files.isDirectory(firstCheckpoint) && driver.isAlive(); wait++) {
            Thread.sleep(50);
        }
        assertTrue(driver.isAlive() && Files.isDirectory(firstCheckpoint), "the driver was not between epochs");
        driver.destroyForcibly().waitFor();
        assertFalse(Files.exists(dir.resolve("killed")), "a killed run leaves no run directory");

        Result resumed = sparkfit("train", "job.yaml", "--set", "fit.epochs=3", "--set", "output=killed", "--master",
                "local[2]", "--resume");
        assertEquals(0, resumed.exit(), resumed.err());
        assertTrue(resumed.out().contains("Resuming after epoch "), resumed.out());
        float[] expected = ModelSerializer.restoreMultiLayerNetwork(dir.resolve("whole/model.zip").toFile())
                .params().toFloatVector();
        float[] actual = ModelSerializer.restoreMultiLayerNetwork(dir.resolve("killed/model.zip").toFile())
                .params().toFloatVector();
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-6, "parameter " + i);
        }
    }

    @Test
    void retrainExitsZeroWhenItPromotesAndThreeWhenItKeepsTheCurrentModel() throws Exception {
        Result first = sparkfit("retrain", "job.yaml", "--registry", "registry", "--set", "fit.epochs=1",
                "--master", "local[2]");
        assertEquals(0, first.exit(), first.err());
        Result kept = sparkfit("retrain", "job.yaml", "--registry", "registry", "--set", "fit.epochs=1", "--set",
                "compile.optimizer={name: sgd, learning_rate: 1.0e-9}", "--master", "local[2]");
        assertEquals(3, kept.exit(), kept.err());
        assertTrue(kept.out().contains("version 0002 accuracy "), kept.out());
        assertTrue(kept.out().contains(": kept current"), kept.out());
        assertEquals("0001", Files.readString(dir.resolve("registry/CURRENT")).trim());
    }

    @Test
    void badConfigGivesOneLineAndExitTwoAndWritesNothing() throws Exception {
        Result result = sparkfit("train", "job.yaml", "--set", "fit.epohcs=3", "--set", "output=bad-run");
        assertEquals(2, result.exit(), result.err());
        assertEquals("sparkfit: error: fit.epohcs: unknown key (did you mean 'epochs'?); keys here: batch_size, "
                + "checkpoint, early_stopping, epochs, seed, shuffle\n", result.err());
        assertFalse(Files.exists(dir.resolve("bad-run")));
    }

    @Test
    void truncatedDataFileFailsInsideSparkWithOneLineAndExitTwo() throws Exception {
        byte[] images = Files.readAllBytes(dir.resolve("train-images-idx3-ubyte"));
        Files.write(dir.resolve("cut-images"), java.util.Arrays.copyOf(images, images.length - 1000));
        Result result = sparkfit("train", "job.yaml", "--set", "data.train.images=" + dir.resolve("cut-images"),
                "--set", "output=cut-run");
        assertEquals(2, result.exit(), result.err());
        assertTrue(result.err().matches("(?s)(.*\\n)?sparkfit: error: data\\.train: \\S+cut-images: truncated: the "
                + "header promises 3000 records \\(2352016 bytes\\) but the file has 2351016 bytes\\n"), result.err());
        assertFalse(Files.exists(dir.resolve("cut-run")));
    }
}
