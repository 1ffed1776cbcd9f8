package org.sparkfit.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sparkfit.driver.config.JobConfig;
import org.sparkfit.driver.config.JobConfigLoader;
import org.sparkfit.driver.jobs.EvaluationRun;
import org.sparkfit.driver.jobs.PredictionRun;
import org.sparkfit.driver.jobs.TrainingRun;
import org.sparkfit.driver.train.TrainingListener;
import org.sparkfit.driver.train.TrainingOutcome;
import org.sparkfit.testing.FashionSlice;
import org.sparkfit.testing.PredictionFiles;
import org.sparkfit.testing.SharedSpark;

/**
 * Every example config in conf/ trains as written, with 2 workers, on a slice of its real data (written by
 * scripts/example-data, or Fashion-MNIST's package), its loss falls, and {@code predict} on the raw test input
 * reproduces what {@code evaluate} reports. The full-data results are in docs/EXAMPLES.md.
 */
class ExampleConfigsTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void writeExampleData() throws Exception {
        Process process = new ProcessBuilder("scripts/example-data", dir.resolve("full").toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.waitFor(), "scripts/example-data failed (run scripts/setup): " + output);
        Files.createDirectories(dir.resolve("fashion"));
        FashionSlice.write(dir.resolve("fashion"), "train", 1200);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"fashion-mnist-mlp", "fashion-mnist-cnn", "breast-cancer", "boston-housing",
        "debian-sections", "sentiment-multi-hot", "sentiment-lstm", "seattle-temps-lstm"})
    void trainsOnASliceAndPredictReproducesEvaluate(String name) throws Exception {
        Path work = dir.resolve(name);
        Files.createDirectories(work);
        Slice slice = slice(name, work);
        List<String> overrides = new ArrayList<>(slice.overrides());
        overrides.add("fit.epochs=2");
        overrides.add("output=" + work.resolve("run"));
        JobConfig job = JobConfigLoader.parse(Files.readString(Path.of("conf", name + ".yaml")), name + ".yaml",
                overrides);
        TrainingOutcome outcome = new TrainingRun(SharedSpark.context(), new PrintStream(new ByteArrayOutputStream()),
                new TrainingListener() { }).run(job, false);
        double first = outcome.history().get(0).values().get("loss");
        double last = outcome.history().get(1).values().get("loss");
        assertTrue(last < first, "training loss " + first + " -> " + last);

        String run = work.resolve("run").toString();
        Map<String, Double> evaluated = new EvaluationRun(SharedSpark.context()).run(run);
        Path predictions = work.resolve("predictions.csv");
        new PredictionRun(SharedSpark.context()).run(run, slice.input().toString(), predictions.toString(), false);
        List<String> lines = PredictionFiles.lines(predictions);
        List<Double> truth = slice.labels();
        assertEquals(truth.size() + 1, lines.size());
        boolean classifier = evaluated.containsKey("accuracy");
        double sum = 0;
        for (int r = 0; r < truth.size(); r++) {
            double predicted = Double.parseDouble(lines.get(r + 1).split(",")[1]);
            sum += classifier ? (predicted == truth.get(r) ? 1 : 0) : Math.abs(predicted - truth.get(r));
        }
        String metric = classifier ? "accuracy" : "mae";
        assertEquals(evaluated.get(metric), sum / truth.size(), 1e-5, metric + ": predict vs evaluate");
    }

    /** The overrides pointing a config at its slice, the raw input to predict, and that input's true labels. */
    private record Slice(List<String> overrides, Path input, List<Double> labels) {
    }

    private static Slice slice(String name, Path work) throws IOException {
        Path full = dir.resolve("full");
        return switch (name) {
            case "fashion-mnist-mlp", "fashion-mnist-cnn" -> {
                Path f = dir.resolve("fashion");
                List<Double> labels = new ArrayList<>();
                for (int label : FashionSlice.write(work, "t10k", 300)) {
                    labels.add((double) label);
                }
                yield new Slice(List.of("data.train.images=" + f.resolve("train-images-idx3-ubyte"),
                        "data.train.labels=" + f.resolve("train-labels-idx1-ubyte"),
                        "data.test.images=" + work.resolve("t10k-images-idx3-ubyte"),
                        "data.test.labels=" + work.resolve("t10k-labels-idx1-ubyte")),
                        work.resolve("t10k-images-idx3-ubyte"), labels);
            }
            case "sentiment-multi-hot", "sentiment-lstm" -> folders(full.resolve("sentiment"), work);
            default -> {
                String data = name.replace("-lstm", "");
                Path source = full.resolve(data);
                head(source.resolve("train.csv"), work.resolve("train.csv"), 600);
                List<String> test = head(source.resolve("test.csv"), work.resolve("test.csv"), 150);
                head(source.resolve("input.csv"), work.resolve("input.csv"), 150);
                List<Double> labels = new ArrayList<>();
                for (String line : test.subList(1, test.size())) {
                    labels.add(Double.parseDouble(line.substring(line.lastIndexOf(',') + 1)));
                }
                yield new Slice(List.of("data.train.path=" + work.resolve("train.csv"),
                        "data.test.path=" + work.resolve("test.csv")), work.resolve("input.csv"), labels);
            }
        };
    }

    /** The first lines of a CSV (header and {@code rows} rows) copied to {@code to}. */
    private static List<String> head(Path from, Path to, int rows) throws IOException {
        List<String> lines;
        try (Stream<String> all = Files.lines(from)) {
            lines = all.limit(rows + 1).toList();
        }
        Files.write(to, lines);
        return lines;
    }

    /** The first documents of each class folder, and a file of the test documents, one per line, in read order. */
    private static Slice folders(Path full, Path work) throws IOException {
        List<String> input = new ArrayList<>();
        List<Double> labels = new ArrayList<>();
        for (String split : List.of("train", "test")) {
            List<String> classes = List.of("neg", "pos");
            for (int c = 0; c < classes.size(); c++) {
                Path to = Files.createDirectories(work.resolve(split).resolve(classes.get(c)));
                List<Path> files;
                try (Stream<Path> all = Files.list(full.resolve(split).resolve(classes.get(c)))) {
                    files = all.sorted().limit(split.equals("train") ? 400 : 100).toList();
                }
                for (Path file : files) {
                    Files.copy(file, to.resolve(file.getFileName()));
                    if (split.equals("test")) {
                        input.add(Files.readString(file));
                        labels.add((double) c);
                    }
                }
            }
        }
        Files.write(work.resolve("input.txt"), input);
        return new Slice(List.of("data.train.path=" + work.resolve("train"), "data.test.path=" + work.resolve("test")),
                work.resolve("input.txt"), labels);
    }
}
