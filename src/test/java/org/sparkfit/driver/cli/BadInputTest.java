package org.sparkfit.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.io.FileUtils;
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

/**
 * Malformed input, counted, through the real launcher ({@code scripts/sparkfit} in its own JVM, the test's
 * classpath standing in for the jar): command lines, job files, data files, outputs and runs that must each end in
 * their exit code (2 for the user's input, 1 for a cluster that does not answer), exactly one line on stderr,
 * {@code sparkfit: error: ...}, naming the file or key and the fix (no stack trace, no Spark warning), and the file
 * system as it was. docs/RELIABILITY.md records the count.
 */
class BadInputTest {
    private static final Path SCRIPT = Path.of("scripts/sparkfit").toAbsolutePath();
    /** Twelve good feature values. */
    private static final String ROW = "1,2,3,4,5,6,7,8,9,10,11,12";
    private static final String HEADER = "f0,f1,f2,f3,f4,f5,f6,f7,f8,f9,f10,f11";

    @TempDir
    static Path dir;
    @TempDir
    static Path logs;
    private static String job;

    @BeforeAll
    static void writeGoodInputsAndAFinishedRun() throws IOException {
        TestData.Set train = TestData.planted(200, 12, 3, 1);
        TestData.writeIdx(train, new int[] {12}, dir.resolve("train-images"), dir.resolve("train-labels"), false);
        TestData.writeIdx(TestData.planted(60, 12, 3, 2), new int[] {12}, dir.resolve("test-images"),
                dir.resolve("test-labels"), false);
        TestData.writeCsv(train, dir.resolve("good.csv"), true);
        job = Jobs.idxClassifier(dir.toString(), 12, 3, dir.resolve("out").toString());
        Files.writeString(dir.resolve("job.yaml"), job);
        new TrainingRun(SharedSpark.context(), new PrintStream(new ByteArrayOutputStream()), new TrainingListener() {
        }).run(Jobs.parse(job, "fit.epochs=1", "output=" + dir.resolve("run")), false);
        FileUtils.copyDirectory(dir.resolve("run").toFile(), dir.resolve("run-bad-model").toFile());
        Files.write(dir.resolve("run-bad-model/model.zip"), "PK\u0003\u0004 not a zip".getBytes(StandardCharsets.UTF_8));
        FileUtils.copyDirectory(dir.resolve("run").toFile(), dir.resolve("run-empty-model").toFile());
        Files.write(dir.resolve("run-empty-model/model.zip"), new byte[0]);
        FileUtils.copyDirectory(dir.resolve("run").toFile(), dir.resolve("run-cut-metrics").toFile());
        String metrics = Files.readString(dir.resolve("run/metrics.json"));
        Files.writeString(dir.resolve("run-cut-metrics/metrics.json"), metrics.substring(0, metrics.length() / 2));
        FileUtils.copyDirectory(dir.resolve("run").toFile(), dir.resolve("run-edited").toFile());
        Files.writeString(dir.resolve("run-edited/config.yaml"), Files.readString(dir.resolve("run/config.yaml"))
                .replace("units: 16", "units: 17"));
    }

    static Stream<Arguments> cases() throws IOException {
        List<Arguments> all = new ArrayList<>();
        all.addAll(commandLine());
        all.addAll(jobFiles());
        all.addAll(idxFiles());
        all.addAll(csvFiles());
        all.addAll(otherFormats());
        all.addAll(outputsAndRuns());
        return all.stream();
    }

    private static List<Arguments> commandLine() throws IOException {
        Files.createDirectories(dir.resolve("a-directory"));
        return List.of(
                bad("command line", "unknown option", "Unknown option: '--bogus'", "summary", "job.yaml", "--bogus"),
                bad("command line", "missing job file argument", "Missing required parameter: 'CONF'", "summary"),
                bad("command line", "unknown command", "Unmatched arguments from index 0: 'fit'", "fit", "job.yaml"),
                bad("command line", "retrain without --registry", "Missing required option: '--registry=URI'",
                        "retrain", "job.yaml"),
                bad("command line", "predict without --input", "Missing required option: '--input=PATH'", "predict",
                        "run", "--output", "p.csv"),
                bad("command line", "--set without =", "expected KEY=VALUE", "summary", "job.yaml", "--set",
                        "fit.epochs"),
                bad("command line", "--set not a key path", "not a key path", "summary", "job.yaml", "--set",
                        "fit..epochs=1"),
                bad("command line", "--set past a list's end", "there is no element 5 to set", "summary", "job.yaml",
                        "--set", "model.layers[5].units=3"),
                bad("command line", "--set into a number", "'x' cannot be set: its parent is not a mapping",
                        "summary", "job.yaml", "--set", "fit.epochs.x=1"),
                bad("command line", "--set value not YAML", "fit.epochs: --set value '[1': not valid YAML", "summary",
                        "job.yaml", "--set", "fit.epochs=[1"),
                bad("command line", "job file missing", "nope.yaml: no such job file", "summary", "nope.yaml"),
                bad("command line", "job file is a directory", "a-directory: is a directory", "summary",
                        "a-directory"),
                bad("command line", "master URL Spark cannot parse", "--master banana: Spark cannot use this master",
                        "train", "job.yaml", "--master", "banana"),
                bad("command line", "local master with no threads", "--master local[0]: Spark cannot use this master",
                        "train", "job.yaml", "--master", "local[0]"),
                failure("command line", "standalone master that does not answer",
                        "--master spark://127.0.0.1:1: no Spark master answers there", "train", "job.yaml",
                        "--master", "spark://127.0.0.1:1"),
                bad("command line", "standalone master without a port", "is not HOST:PORT", "train", "job.yaml",
                        "--master", "spark://127.0.0.1"),
                bad("command line", "evaluate a directory that is not a run", "not a sparkfit run directory",
                        "evaluate", "a-directory"),
                bad("command line", "evaluate a path that does not exist", "not a sparkfit run directory",
                        "evaluate", "no-such-run"),
                bad("command line", "compare a directory that is not a run", "not a sparkfit run directory",
                        "compare", "run", "a-directory"));
    }

    private static List<Arguments> jobFiles() throws IOException {
        String dupOutput = file("dup-output.yaml", job + "output: elsewhere\n");
        String dupEpochs = file("dup-epochs.yaml", job.replace("fit: {epochs: 3,", "fit: {epochs: 3, epochs: 4,"));
        String tagged = file("tagged.yaml", job.replace("seed: 7", "seed: !!java.net.URL [http://127.0.0.1/]"));
        String recursive = file("recursive.yaml", job + "extra: &loop [*loop]\n");
        String tabs = file("tabs.yaml", job.replace("  scale: 255", "\tscale: 255"));
        String list = file("list.yaml", "- a\n- b\n");
        String empty = file("empty.yaml", "");
        return List.of(
                summary("unknown top-level key", "extra: unknown key", "extra=1"),
                summary("misspelt key", "fit.epohcs: unknown key (did you mean 'epochs'?)", "fit.epohcs=3"),
                summary("wrong type", "fit.epochs: expected a whole number, got 'ten'", "fit.epochs=ten"),
                summary("a fraction where a whole number goes", "fit.epochs: expected a whole number", "fit.epochs=2.5"),
                summary("a number beyond an int", "fit.epochs: expected a whole number", "fit.epochs=99999999999"),
                summary("zero epochs", "fit.epochs: must be at least 1, got 0", "fit.epochs=0"),
                summary("negative batch size", "fit.batch_size: must be at least 1, got -8", "fit.batch_size=-8"),
                summary("batch size as text", "fit.batch_size: expected a whole number, got 'big'",
                        "fit.batch_size=big"),
                summary("zero workers", "spark.workers: must be at least 1, got 0", "spark.workers=0"),
                summary("zero averaging frequency", "spark.averaging_frequency: must be at least 1",
                        "spark.averaging_frequency=0"),
                summary("misspelt exchange mode", "spark.exchange: unknown mode 'allreduse' (did you mean "
                        + "'allreduce'?); use averaging or allreduce", "spark.exchange=allreduse"),
                summary("unknown data cache", "spark.data_cache: unknown place 'disc' (did you mean 'disk'?); use "
                        + "memory, disk, auto", "spark.data_cache=disc"),
                bad("job file", "a global batch that the workers cannot share", "fit.batch_size: spark.exchange: "
                        + "allreduce splits each mini-batch of 15 among 2 workers; make it a multiple of spark.workers",
                        "summary", "job.yaml", "--set", "spark.exchange=allreduce", "--set", "fit.batch_size=15"),
                summary("negative input size", "model.input[0]: must be a positive whole number", "model.input=[-3]"),
                summary("input of four dimensions", "model.input: has 4 dimensions", "model.input=[1, 2, 3, 4]"),
                summary("empty layers", "model.layers: missing or empty", "model.layers=[]"),
                summary("layers as a mapping", "model.layers: expected a list", "model.layers={a: 1}"),
                summary("layer without type", "model.layers[0].type: missing layer type", "model.layers[0]={units: 4}"),
                summary("unknown layer type", "unknown layer type 'dens'", "model.layers[0].type=dens"),
                summary("a Keras layer DL4J lacks", "layer type 'gru' is not available", "model.layers[0].type=gru"),
                summary("misspelt layer key", "model.layers[0].unit: unknown key (did you mean 'units'?)",
                        "model.layers[0]={type: dense, unit: 4}"),
                summary("zero units", "model.layers[0].units: must be at least 1, got 0", "model.layers[0].units=0"),
                summary("dropout rate of 1.5", "must be a fraction", "model.layers[0]={type: dropout, rate: 1.5}"),
                summary("unknown activation", "unknown activation 'rel'", "model.layers[0].activation=rel"),
                summary("image into dense without flatten",
                        "dense takes a flat input but gets shape [3, 4, 1]; add {type: flatten}", "model.input=[3, 4]"),
                summary("convolution on a flat input", "conv2d takes an image",
                        "model.layers[0]={type: conv2d, filters: 4, kernel_size: 3}"),
                summary("last layer not dense", "the last layer must be dense", "model.layers[1]={type: dropout, "
                        + "rate: 0.5}"),
                summary("loss does not fit the last layer", "compile.loss: binary_crossentropy needs a last dense "
                        + "layer of 1 unit", "compile.loss=binary_crossentropy"),
                summary("unknown loss", "compile.loss: unknown loss 'mse2'", "compile.loss=mse2"),
                summary("unknown optimizer", "unknown optimizer 'adamm'", "compile.optimizer.name=adamm"),
                summary("negative learning rate", "learning_rate: must be a positive number",
                        "compile.optimizer.learning_rate=-0.1"),
                summary("learning rate as text", "compile.optimizer.learning_rate: expected a number, got 'fast'",
                        "compile.optimizer.learning_rate=fast"),
                summary("optimizer setting of another optimizer", "beta_1: does not apply to sgd",
                        "compile.optimizer={name: sgd, beta_1: 0.9}"),
                summary("unknown metric", "unknown metric 'acc'", "compile.metrics=[acc]"),
                summary("auc for three classes", "auc is for a binary task", "compile.metrics=[auc]"),
                summary("early stopping on an unknown metric", "fit.early_stopping.monitor: unknown metric 'val_acc'",
                        "fit.early_stopping={monitor: val_acc}"),
                summary("retrain on an unknown metric", "retrain.metric: unknown metric", "retrain.metric=auc"),
                summary("empty output", "output: empty", "output=''"),
                summary("unknown data format", "unknown format 'cvs' (did you mean 'csv'?)", "data.train.format=cvs"),
                summary("key of another format", "data.train.path: does not apply to format idx",
                        "data.train.path=x.csv"),
                summary("validation split of 1.5", "data.validation_split: applies when there is no data.test",
                        "data.validation_split=1.5"),
                summary("YAML tag in an override", "fit.seed: the YAML tag", "fit.seed=!!java.io.File [/etc/passwd]"),
                bad("job file", "a key given twice at the top", "output: given twice", "summary", dupOutput),
                bad("job file", "a key given twice in a mapping", "fit.epochs: given twice", "summary", dupEpochs),
                bad("job file", "a YAML tag that constructs an object", "fit.seed: the YAML tag", "summary", tagged),
                bad("job file", "an alias that contains itself", "extra[0]: a YAML alias", "summary", recursive),
                bad("job file", "a tab in the indentation", "tabs.yaml: not valid YAML at line", "summary", tabs),
                bad("job file", "a list instead of a mapping", "list.yaml: a job file is a YAML mapping", "summary",
                        list),
                bad("job file", "an empty job file", "empty.yaml: a job file is a YAML mapping", "summary", empty),
                train("a layer too large to train", "model.layers[0]: the model has", "model.layers[0].units="
                        + 1_000_000_000),
                train("a layer too large for this machine", "more than this machine's",
                        "model.input=[1000]", "model.layers[0].units=2000000"));
    }

    private static List<Arguments> idxFiles() throws IOException {
        byte[] images = Files.readAllBytes(dir.resolve("train-images"));
        byte[] overflow = images.clone();
        writeInt(overflow, 8, 1 << 30);
        byte[] negative = images.clone();
        writeInt(negative, 4, -5);
        byte[] gz = gzip(images);
        byte[] damaged = gz.clone();
        damaged[gz.length / 2] ^= 0x55;
        byte[] crc = gz.clone();
        crc[gz.length - 6] ^= 0x01;
        return List.of(
                train("missing data file", "no such file", "data.train.images=" + dir.resolve("nope")),
                train("a directory for an IDX file", "is a directory; give the data file itself",
                        "data.train.images=" + dir.resolve("a-directory")),
                train("unreadable URI", "data.train: cannot read nosuch://host/x", "data.train.images=nosuch://host/x"),
                train("empty IDX file", "file ends inside the IDX header", "data.train.images=" + file("empty-idx", "")),
                train("truncated IDX", "truncated: the header promises 200 records",
                        "data.train.images=" + bytes("cut-idx", Arrays.copyOf(images, images.length - 40))),
                train("wrong magic number", "bad magic number", "data.train.images=" + dir.resolve("good.csv")),
                train("header dimensions that overflow", "corrupt IDX header", "data.train.images="
                        + bytes("overflow-idx", overflow)),
                train("negative dimension", "dimension 0 is negative (-5)", "data.train.images="
                        + bytes("negative-idx", negative)),
                train("images and labels disagree", "holds 200 images but", "data.train.labels="
                        + dir.resolve("test-labels")),
                train("images and labels swapped", "check that images and labels are not swapped",
                        "data.train.images=" + dir.resolve("train-labels"), "data.train.labels="
                                + dir.resolve("train-images")),
                train("label out of range", "record 2: label 7.0 is outside 0..2",
                        "data.train.labels=" + labels(new int[] {0, 1, 7})),
                train("a fractional label", "record 1: label 2.5 is not a class index", "data.train.labels="
                        + floatIdx("half-labels", new float[] {0, 2.5f, 1}, new int[] {}, 200)),
                train("a NaN label", "record 0: label is NaN", "data.train.labels="
                        + floatIdx("nan-labels", new float[] {Float.NaN}, new int[] {}, 200)),
                train("a NaN pixel in a float IDX file", "record 3: value 5 is NaN; every feature must be a finite",
                        "data.train.images=" + nanPixels()),
                train("gzip damaged mid-stream", "the gzip stream is damaged", "data.train.images="
                        + bytes("damaged.gz", damaged)),
                train("gzip whose CRC does not match", "the gzip stream is damaged", "data.train.images="
                        + bytes("crc.gz", crc)),
                train("gzip cut to ten bytes", "the gzip stream ends early", "data.train.images="
                        + bytes("ten.gz", Arrays.copyOf(gz, 10))),
                train("gzip cut mid-stream", "the gzip stream ends early", "data.train.images="
                        + bytes("cut.gz", Arrays.copyOf(gz, gz.length / 2))),
                train("fewer examples than workers", "fewer than spark.workers=300", "spark.workers=300"),
                train("shape that does not fit the model", "model.input [10] takes 10", "model.input=[10]"));
    }

    private static List<Arguments> csvFiles() throws IOException {
        StringBuilder sixty = new StringBuilder(HEADER + ",label\n");
        for (int i = 0; i < 60; i++) {
            sixty.append(ROW).append(',').append(i % 3).append('\n');
        }
        String threeBad = csv(ROW + ",0", ROW.replace(",5,", ",x,") + ",1", ROW.replace(",9,", ",y,") + ",2",
                ROW.replace(",3,", ",z,") + ",0", ROW + ",1");
        return List.of(
                train("ragged CSV", "line 3: has 5 columns, expected 13", csv(ROW + ",0", "1,2,3,4,5")),
                train("text in a CSV cell", "line 3: column 1 holds 'x', not a number",
                        csv(ROW + ",0", ROW.replaceFirst(",2,", ",x,") + ",1")),
                train("a Java float suffix", "column 1 holds '2.5f', not a number",
                        csv(ROW.replaceFirst(",2,", ",2.5f,") + ",0")),
                train("a Java double suffix", "column 1 holds '1d', not a number",
                        csv(ROW.replaceFirst(",2,", ",1d,") + ",0")),
                train("a hexadecimal float", "column 1 holds '0x1p3', not a number",
                        csv(ROW.replaceFirst(",2,", ",0x1p3,") + ",0")),
                train("NaN feature", "column 1 holds NaN; every feature must be a finite number",
                        csv(ROW.replaceFirst(",2,", ",NaN,") + ",0")),
                train("infinite feature", "column 1 holds -inf; every feature must be a finite number",
                        csv(ROW.replaceFirst(",2,", ",-inf,") + ",0")),
                train("a number beyond float", "column 1 holds 1e999; every feature must be a finite number",
                        csv(ROW.replaceFirst(",2,", ",1e999,") + ",0")),
                train("NaN label", "line 2: label is NaN", csv(ROW + ",NaN")),
                train("fractional label", "line 2: label 1.5 is not a class index", csv(ROW + ",1.5")),
                train("negative label", "line 2: label -1.0 is outside 0..2", csv(ROW + ",-1")),
                train("label out of range", "line 3: label 3.0 is outside 0..2", csv(ROW + ",0", ROW + ",3")),
                train("non-UTF-8 bytes in a cell", "line 2: column 0 holds", csvBytes((HEADER + ",label\n\u00ff"
                        + ROW.substring(1) + ",0\n").getBytes(StandardCharsets.ISO_8859_1))),
                train("an unclosed quote", "check the quoting", csv(ROW + ",0", "\"1,2" + ROW.substring(3) + ",1")),
                train("a header with an empty column name", "line 1: the header cannot be read",
                        "data.train={format: csv, path: " + file("empty-name.csv", HEADER + ",,label\n") + ", header: "
                                + "true, label: label}"),
                train("a header naming the label column twice", "the header names two columns 'label'",
                        "data.train={format: csv, path: " + file("dup-label.csv", HEADER + ",label,label\n") + ", "
                                + "header: true, label: label}"),
                train("empty CSV", "the header holds no columns", csvBytes(new byte[0])),
                train("CSV without the label column", "no column named 'label'", "data.train={format: csv, path: "
                        + file("nolabel.csv", HEADER + ",y\n" + ROW + ",0\n") + ", header: true, label: label}"),
                train("label column index out of range", "label column 20 does not exist",
                        "data.train={format: csv, path: " + dir.resolve("good.csv") + ", header: true, label: 20}"),
                train("a million workers for sixty rows", "fewer than spark.workers=1000000", "data.train={format: csv,"
                        + " path: " + file("sixty.csv", sixty.toString()) + ", header: true, label: label}",
                        "spark.workers=1000000"),
                train("bad lines in both parts: the first is named", "line 3: column 4 holds 'x'", threeBad),
                bad("data", "bad lines in three parts: the first is named", "line 3: column 4 holds 'x'", "train",
                        "job.yaml", "--set", threeBad, "--set", "spark.workers=3", "--master", "local[3]"));
    }

    private static List<Arguments> otherFormats() throws IOException {
        TestData.Set set = TestData.planted(20, 12, 3, 5);
        Path npz = dir.resolve("data.npz");
        TestData.writeNpz(set, new int[] {12}, npz, true, "train");
        byte[] npzBytes = Files.readAllBytes(npz);
        String npzJob = "data.train={format: npz, path: %s, x: %s, y: y_train}";
        return List.of(
                train("LIBSVM index out of range", "line 1: feature index 13 is outside 1..12",
                        "data.train={format: libsvm, path: " + file("wide.libsvm", "1 13:1\n") + "}"),
                train("LIBSVM indices not ascending", "line 2: feature index 1 after 2",
                        "data.train={format: libsvm, path: " + file("order.libsvm", "1 1:1\n0 2:1 1:1\n") + "}"),
                train("LIBSVM token without a colon", "line 1: '3=1' is not index:value",
                        "data.train={format: libsvm, path: " + file("token.libsvm", "1 3=1\n") + "}"),
                train("LIBSVM value with a suffix", "line 1: feature 3 is '1f', not a finite number",
                        "data.train={format: libsvm, path: " + file("suffix.libsvm", "1 3:1f\n") + "}"),
                train("npz without the named array", "holds no array 'x_other'", npzJob.formatted(npz, "x_other")),
                train("npz cut short", "damaged or cut short", npzJob.formatted(bytes("cut.npz",
                        Arrays.copyOf(npzBytes, npzBytes.length / 2)), "x_train")),
                train("text label that is not a class index", "label 'positive' is not a class index",
                        "data.train={format: text, path: " + file("reviews.csv", "text,label\ngood film,positive\n")
                                + ", header: true, text: text, label: label, vectorization: {mode: multi_hot, "
                                + "max_tokens: 12}}", "model.input=[12]"));
    }

    private static List<Arguments> outputsAndRuns() throws IOException {
        Path notARun = Files.createDirectories(dir.resolve("thesis"));
        Files.writeString(notARun.resolve("thesis.tex"), "\\documentclass{article}");
        Files.createDirectories(notARun.resolve("photos"));
        Files.write(notARun.resolve("photos/cat.jpg"), new byte[] {(byte) 0xff, (byte) 0xd8});
        String parentFile = file("plain-file", "not a directory");
        Path checkpoints = Files.createDirectories(dir.resolve(".unfinished.checkpoints/epoch-0001"));
        Files.writeString(checkpoints.resolve("progress.json"), "{}");
        Path foreign = Files.createDirectories(dir.resolve(".foreign.checkpoints"));
        Files.writeString(foreign.resolve("notes.txt"), "mine");
        String notes = file("notes.csv", "my,own,notes\n");
        Path registryFiles = Files.createDirectories(dir.resolve("models"));
        Files.writeString(registryFiles.resolve("README"), "my models");
        return List.of(
                train("output exists", "out-exists already exists; pass --overwrite",
                        "output=" + Files.createDirectories(dir.resolve("out-exists"))),
                bad("output", "--overwrite of a directory that is not a run",
                        "thesis exists and is not a sparkfit run directory", "train", "job.yaml", "--overwrite",
                        "--set", "output=" + notARun),
                bad("output", "--overwrite of a regular file", "plain-file exists and is not a sparkfit run directory",
                        "train", "job.yaml", "--overwrite", "--set", "output=" + parentFile),
                train("output below a regular file", "plain-file is a file, not a directory",
                        "output=" + parentFile + "/run"),
                train("an unfinished run's checkpoints", "an unfinished run left checkpoints",
                        "output=" + dir.resolve("unfinished")),
                bad("output", "--overwrite of checkpoints holding another file", "holds notes.txt, which sparkfit did "
                        + "not write there", "train", "job.yaml", "--overwrite", "--set", "output="
                        + dir.resolve("foreign")),
                bad("output", "--resume with nothing to resume", "no checkpoint to resume", "train", "job.yaml",
                        "--resume"),
                bad("output", "--resume of a finished run", "is a finished run: there is nothing to resume", "train",
                        "job.yaml", "--resume", "--set", "output=" + dir.resolve("run")),
                bad("output", "predict over an existing file", "notes.csv already exists", "predict", "run",
                        "--input", "test-images", "--output", notes),
                bad("output", "predict --overwrite of a file that is not predictions",
                        "notes.csv exists and is not a sparkfit predictions directory", "predict", "run", "--input",
                        "test-images", "--output", notes, "--overwrite"),
                bad("command line", "predict in an unknown format", "--format xml: unknown format; use csv or "
                        + "parquet", "predict", "run", "--input", "test-images", "--output", "p.xml", "--format",
                        "xml"),
                bad("output", "predict input of the wrong width", "--input: " + dir.resolve("good.csv"),
                        "predict", "run", "--input", dir.resolve("good.csv").toString(), "--output", "p.csv"),
                bad("output", "retrain into a directory that is not a registry", "exists and is not a sparkfit "
                        + "model registry", "retrain", "job.yaml", "--registry", registryFiles.toString()),
                bad("output", "retrain into a regular file", "exists and is not a sparkfit model registry", "retrain",
                        "job.yaml", "--registry", parentFile),
                bad("output", "compare --chart --overwrite of a file that is not an image",
                        "notes.csv exists and is not a PNG image", "compare", "run", "--chart", notes, "--overwrite"),
                bad("run", "a model.zip that is not a zip", "run-bad-model/model.zip: cannot be read", "evaluate",
                        "run-bad-model"),
                bad("run", "an empty model.zip", "run-empty-model/model.zip: cannot be read", "evaluate",
                        "run-empty-model"),
                bad("run", "a metrics.json cut short", "run-cut-metrics/metrics.json: cannot be read", "compare",
                        "run-cut-metrics"),
                bad("run", "a config.yaml edited after training", "the run directory was changed after training",
                        "evaluate", "run-edited"),
                train("a learning rate that diverges", "training diverged in epoch 1, round 1",
                        "compile.optimizer={name: sgd, learning_rate: 1.0e30}", "data.scale=0.001"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void endsInItsExitCodeOneLineAndNothingWritten(String category, String name, String[] args, int exit,
                                                   String message) throws Exception {
        Map<String, String> before = snapshot();
        ProcessBuilder pb = new ProcessBuilder(command(args)).directory(dir.toFile());
        pb.environment().put("SPARKFIT_CLASSPATH", System.getProperty("java.class.path"));
        pb.environment().put("SPARKFIT_DRIVER_MEMORY", "1g");
        Path out = logs.resolve("out.txt");
        Path err = logs.resolve("err.txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process process = pb.start();
        assertTrue(process.waitFor(3, TimeUnit.MINUTES), "sparkfit did not finish");
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        List<String> lines = stderr.lines().filter(line -> !line.isBlank()).toList();
        assertEquals(exit, process.exitValue(), stderr + Files.readString(out));
        assertEquals(1, lines.size(), "exactly one line on stderr: " + stderr);
        assertTrue(lines.get(0).startsWith("sparkfit: error: ") && lines.get(0).contains(message),
                "expected '" + message + "' in: " + stderr);
        assertEquals(before, snapshot(), "the file system is as it was");
    }

    @Test
    void thereAreAtLeastAHundredCases() throws IOException {
        assertTrue(cases().count() >= 100, cases().count() + " cases");
    }

    @Test
    void namesInAJobCannotMakeSparkfitWriteOutsideTheOutput() throws Exception {
        Path inside = Files.createDirectory(dir.resolve("escape-test"));
        Map<String, String> before = snapshot();
        new TrainingRun(SharedSpark.context(), new PrintStream(new ByteArrayOutputStream()), new TrainingListener() {
        }).run(Jobs.parse(job, "name=../../../escaped", "output=" + inside.resolve("run")), false);
        before.keySet().removeIf(path -> path.startsWith("escape-test"));
        Map<String, String> after = snapshot();
        after.keySet().removeIf(path -> path.startsWith("escape-test"));
        assertEquals(before, after, "nothing new beside the output's parent");
        try (Stream<Path> files = Files.list(inside)) {
            assertEquals(List.of("run"), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    private static List<String> command(String[] args) {
        List<String> command = new ArrayList<>(List.of(SCRIPT.toString()));
        command.addAll(Arrays.asList(args));
        return command;
    }

    /** Every path below the test directory with its size and modification time. */
    private static Map<String, String> snapshot() throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.toList()) {
                files.put(dir.relativize(p).toString(), Files.isDirectory(p) ? "dir"
                        : Files.size(p) + "@" + Files.getLastModifiedTime(p).toMillis());
            }
        }
        return files;
    }

    private static Arguments bad(String category, String name, String message, String... args) {
        return Arguments.of(category, name, args, 2, message);
    }

    private static Arguments failure(String category, String name, String message, String... args) {
        return Arguments.of(category, name, args, 1, message);
    }

    /** {@code sparkfit summary job.yaml --set OVERRIDE}: a job-file mistake, found before Spark starts. */
    private static Arguments summary(String name, String message, String override) {
        return bad("job file", name, message, "summary", "job.yaml", "--set", override);
    }

    /** {@code sparkfit train job.yaml --set OVERRIDE...}: a mistake found when training starts. */
    private static Arguments train(String name, String message, String... overrides) {
        List<String> args = new ArrayList<>(List.of("train", "job.yaml"));
        for (String override : overrides) {
            args.addAll(List.of("--set", override));
        }
        return bad("data", name, message, args.toArray(String[]::new));
    }

    private static String file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content).toString();
    }

    private static String bytes(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content).toString();
    }

    private static String labels(int[] bad) throws IOException {
        int[] values = new int[200];
        System.arraycopy(bad, 0, values, 0, bad.length);
        Path file = dir.resolve("bad-labels");
        TestData.writeLabels(values, file, false);
        return file.toString();
    }

    /** A float IDX file of {@code records} records of {@code dims}, starting with {@code values}, zeros after. */
    private static String floatIdx(String name, float[] values, int[] dims, int records) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(0x00000D00 | (dims.length + 1));
            out.writeInt(records);
            int width = 1;
            for (int d : dims) {
                out.writeInt(d);
                width *= d;
            }
            for (int i = 0; i < records * width; i++) {
                out.writeFloat(i < values.length ? values[i] : 0);
            }
        }
        return bytes(name, bytes.toByteArray());
    }

    private static String nanPixels() throws IOException {
        float[] values = new float[3 * 12 + 6];
        values[3 * 12 + 5] = Float.NaN;
        return floatIdx("nan-images", values, new int[] {12}, 200);
    }

    /** The override training on a CSV of a header (12 features and {@code label}) and {@code rows}. */
    private static String csv(String... rows) throws IOException {
        return csvBytes((HEADER + ",label\n" + String.join("\n", rows) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** The override training on a CSV file of {@code content}. */
    private static String csvBytes(byte[] content) throws IOException {
        Path file = Files.createTempFile(dir, "bad", ".csv");
        Files.write(file, content);
        return "data.train={format: csv, path: " + file + ", header: true, label: label}";
    }

    private static void writeInt(byte[] bytes, int at, int value) {
        bytes[at] = (byte) (value >>> 24);
        bytes[at + 1] = (byte) (value >>> 16);
        bytes[at + 2] = (byte) (value >>> 8);
        bytes[at + 3] = (byte) value;
    }

    private static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        }
        return bytes.toByteArray();
    }
}
