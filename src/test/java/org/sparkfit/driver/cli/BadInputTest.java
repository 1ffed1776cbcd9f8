package org.sparkfit.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sparkfit.driver.jobs.TrainingRun;
import org.sparkfit.driver.train.TrainingListener;
import org.sparkfit.testing.Jobs;
import org.sparkfit.testing.SharedSpark;
import org.sparkfit.testing.TestData;
import picocli.CommandLine;

/**
 * Malformed input, counted: job files, data files and command lines that must each end in exit code 2, one line
 * on stderr naming what is wrong, and nothing written. Command-line and job-file cases run through sparkfit's
 * command line (they fail before Spark starts); data cases train on the shared Spark context and go through the
 * same failure report. docs/RELIABILITY.md records the count.
 */
class BadInputTest {
    /** Twelve good feature values. */
    private static final String ROW = "1,2,3,4,5,6,7,8,9,10,11,12";

    @TempDir
    static Path dir;
    private static String job;

    @BeforeAll
    static void writeGoodInputs() throws IOException {
        TestData.Set train = TestData.planted(200, 12, 3, 1);
        TestData.writeIdx(train, new int[] {12}, dir.resolve("train-images"), dir.resolve("train-labels"), false);
        TestData.writeIdx(TestData.planted(60, 12, 3, 2), new int[] {12}, dir.resolve("test-images"),
                dir.resolve("test-labels"), false);
        TestData.writeCsv(train, dir.resolve("good.csv"), true);
        job = Jobs.idxClassifier(dir.toString(), 12, 3, dir.resolve("out").toString());
        Files.writeString(dir.resolve("job.yaml"), job);
    }

    /** (category, case, extra arguments of {@code sparkfit summary job.yaml} or a whole command line, message). */
    static Stream<Arguments> commandLineAndJobFileCases() {
        return Stream.of(
                cli("unknown option", "summary job.yaml --bogus", "Unknown option: '--bogus'"),
                cli("missing job file argument", "summary", "Missing required parameter: 'CONF'"),
                cli("unknown command", "fit job.yaml", "Unmatched arguments from index 0: 'fit', "),
                cli("retrain without registry", "retrain job.yaml", "Missing required option: '--registry=URI'"),
                cli("--set without =", "summary job.yaml --set fit.epochs", "expected KEY=VALUE"),
                cli("--set not a key path", "summary job.yaml --set fit..epochs=1", "not a key path"),
                cli("--set past a list's end", "summary job.yaml --set model.layers[5].units=3",
                        "there is no element 5 to set"),
                cli("job file missing", "summary nope.yaml", "no such job file"),
                config("unknown top-level key", "extra=1", "extra: unknown key"),
                config("misspelt key", "fit.epohcs=3", "fit.epohcs: unknown key (did you mean 'epochs'?)"),
                config("wrong type", "fit.epochs=ten", "fit.epochs: expected a whole number, got 'ten'"),
                config("zero epochs", "fit.epochs=0", "fit.epochs: must be at least 1, got 0"),
                config("negative batch size", "fit.batch_size=-8", "fit.batch_size: must be at least 1, got -8"),
                config("negative input size", "model.input=[-3]", "model.input[0]: must be a positive whole number"),
                config("empty layers", "model.layers=[]", "model.layers: missing or empty"),
                config("layer without type", "model.layers[0]={units: 4}", "model.layers[0].type: missing layer type"),
                config("unknown layer type", "model.layers[0].type=dens", "unknown layer type 'dens'"),
                config("zero units", "model.layers[0].units=0", "model.layers[0].units: must be at least 1, got 0"),
                config("dropout rate of 1.5", "model.layers[0]={type: dropout, rate: 1.5}", "must be a fraction"),
                config("unknown activation", "model.layers[0].activation=rel", "unknown activation 'rel'"),
                config("image into dense without flatten", "model.input=[3, 4]",
                        "dense takes a flat input but gets shape [3, 4, 1]; add {type: flatten} or {type: global_average_pooling2d} before it"),
                config("loss does not fit the last layer", "compile.loss=binary_crossentropy",
                        "compile.loss: binary_crossentropy needs a last dense layer of 1 unit"),
                config("unknown optimizer", "compile.optimizer.name=adamm", "unknown optimizer 'adamm'"),
                config("negative learning rate", "compile.optimizer.learning_rate=-0.1",
                        "learning_rate: must be a positive number"),
                config("unknown metric", "compile.metrics=[acc]", "unknown metric 'acc'"),
                config("early stopping on an unknown metric", "fit.early_stopping={monitor: val_acc}",
                        "fit.early_stopping.monitor: unknown metric 'val_acc'"),
                config("retrain on an unknown metric", "retrain.metric=auc", "retrain.metric: unknown metric"),
                config("empty output", "output=''", "output: empty"),
                config("unknown data format", "data.train.format=cvs", "unknown format 'cvs' (did you mean 'csv'?)"),
                config("YAML tag constructing an object", "fit.seed=!!java.io.File [/etc/passwd]", "fit.seed"));
    }

    /** (case, data overrides written into a bad file, message). */
    static Stream<Arguments> dataCases() throws IOException {
        return Stream.of(
                data("missing data file", "data.train.images=" + dir.resolve("nope"), "no such file"),
                data("unreadable URI", "data.train.images=nosuch://host/x", "data.train: cannot read nosuch://host/x"),
                data("truncated IDX", "data.train.images=" + cut("train-images", 40),
                        "truncated: the header promises 200 records"),
                data("wrong magic number", "data.train.images=" + dir.resolve("good.csv"), "bad magic number"),
                data("images and labels disagree", "data.train.labels=" + dir.resolve("test-labels"),
                        "holds 200 images but"),
                data("label out of range", "data.train.labels=" + labels(new int[] {0, 1, 7}),
                        "label 7.0 is outside 0..2"),
                data("ragged CSV", csv("label", ROW + ",0", "1,2,3,4,5"), "line 3: has 5 columns, expected 13"),
                data("text in a CSV cell", csv("label", ROW + ",0", ROW.replaceFirst(",2,", ",x,") + ",1"),
                        "column 1 holds 'x', not a number"),
                data("NaN feature", csv("label", ROW + ",0", ROW.replaceFirst(",2,", ",NaN,") + ",1"),
                        "every feature must be a finite number"),
                data("empty CSV", csv(null), "the header holds no columns"),
                data("CSV without the label column", csv("y", ROW + ",0"), "no column named 'label'"),
                data("fewer examples than workers", "spark.workers=300", "fewer than spark.workers=300"),
                data("shape that does not fit the model", "model.input=[10]", "model.input [10] takes 10"));
    }

    private static Arguments cli(String name, String line, String message) {
        return Arguments.of("command line", name, line.split(" "), message);
    }

    private static Arguments config(String name, String override, String message) {
        return Arguments.of("job file", name, new String[] {"summary", "job.yaml", "--set", override}, message);
    }

    private static Arguments data(String name, String override, String message) {
        return Arguments.of(name, override, message);
    }

    private static String cut(String file, int bytes) throws IOException {
        byte[] all = Files.readAllBytes(dir.resolve(file));
        Path cut = dir.resolve(file + "-cut");
        Files.write(cut, Arrays.copyOf(all, all.length - bytes));
        return cut.toString();
    }

    private static String labels(int[] bad) throws IOException {
        int[] values = new int[200];
        System.arraycopy(bad, 0, values, 0, bad.length);
        Path file = dir.resolve("bad-labels");
        TestData.writeLabels(values, file, false);
        return file.toString();
    }

    /** A CSV of 12 features and a label column named {@code label} (no file content when null), then rows. */
    private static String csv(String label, String... rows) throws IOException {
        Path file = Files.createTempFile(dir, "bad", ".csv");
        StringBuilder text = new StringBuilder();
        if (label != null) {
            for (int i = 0; i < 12; i++) {
                text.append('f').append(i).append(',');
            }
            text.append(label).append('\n');
            for (String row : rows) {
                text.append(row).append('\n');
            }
        }
        Files.writeString(file, text);
        return "data.train={format: csv, path: " + file + ", header: true, label: label}";
    }

    private static Set<String> entries() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    private static List<String> lines(String text) {
        return text.lines().filter(line -> !line.isBlank()).toList();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("commandLineAndJobFileCases")
    void commandLineAndJobFileMistakes(String category, String name, String[] args, String message)
            throws Exception {
        String[] absolute = Arrays.stream(args).map(a -> a.endsWith(".yaml") ? dir.resolve(a).toString() : a)
                .toArray(String[]::new);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream saved = System.err;
        int exit;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            exit = SparkfitCommand.run(absolute);
        } finally {
            System.setErr(saved);
        }
        String stderr = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, exit, stderr);
        assertTrue(lines(stderr).get(0).contains(message), stderr);
        if (category.equals("job file")) {
            assertEquals(1, lines(stderr).size(), "one line: " + stderr);
            assertTrue(stderr.startsWith("sparkfit: error: "), stderr);
        }
        assertTrue(!Files.exists(dir.resolve("out")), "nothing written");
    }

    @ParameterizedTest(name = "data: {0}")
    @MethodSource("dataCases")
    void dataMistakes(String name, String override, String message) throws Exception {
        Set<String> before = entries();
        Exception failure = assertThrows(Exception.class, () -> new TrainingRun(SharedSpark.context(),
                new PrintStream(new ByteArrayOutputStream()), new TrainingListener() { }).run(Jobs.parse(job,
                        override), false));
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new SparkfitCommand());
        cmd.setErr(new PrintWriter(err));
        int exit = new FailureReport().handleExecutionException(failure, cmd, cmd.parseArgs("train", "job.yaml"));
        assertEquals(2, exit, err.toString());
        assertEquals(1, lines(err.toString()).size(), "one line: " + err);
        assertTrue(err.toString().startsWith("sparkfit: error: ") && err.toString().contains(message),
                err.toString());
        assertEquals(before, entries(), "nothing written");
    }

    @Test
    void thereAreAtLeastThirtyCasesAcrossTheCategories() throws IOException {
        List<Arguments> all = new ArrayList<>(commandLineAndJobFileCases().toList());
        all.addAll(dataCases().toList());
        assertTrue(all.size() >= 30, all.size() + " cases");
    }

    @Test
    void namesInAJobCannotMakeSparkfitWriteOutsideTheOutput() throws Exception {
        Path inside = Files.createDirectory(dir.resolve("escape-test"));
        Set<String> before = entries();
        new TrainingRun(SharedSpark.context(), new PrintStream(new ByteArrayOutputStream()), new TrainingListener() {
        }).run(Jobs.parse(job, "name=../../../escaped", "output=" + inside.resolve("run")), false);
        assertEquals(before, entries(), "nothing new beside the output's parent");
        try (Stream<Path> files = Files.list(inside)) {
            assertEquals(List.of("run"), files.map(p -> p.getFileName().toString()).toList());
        }
    }
}
