package org.sparkfit.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sparkfit.driver.jobs.PredictionRun;
import org.sparkfit.driver.jobs.TrainingRun;
import org.sparkfit.driver.train.PreparedJob;
import org.sparkfit.driver.train.TrainingListener;
import org.sparkfit.driver.train.TrainingOutcome;
import org.sparkfit.testing.Jobs;
import org.sparkfit.testing.LogCapture;
import org.sparkfit.testing.ParquetData;
import org.sparkfit.testing.PredictionFiles;
import org.sparkfit.testing.SharedSpark;
import org.sparkfit.testing.TestData;

/**
 * The planted-rule classifier trained from an .npz, a LIBSVM file, a gzip-compressed CSV, and CSV and Parquet
 * directories (of Spark ML vectors) that Spark SQL wrote; predict reproduces the test score, row for row.
 */
class FormatsTrainingTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"npz", "libsvm", "csv.gz", "csv-dir", "parquet"})
    void learnsThePlantedRule(String format) throws Exception {
        TestData.Set train = TestData.planted(600, 12, 3, 1);
        TestData.Set test = TestData.planted(150, 12, 3, 2);
        String data;
        Path input;
        if (format.equals("npz")) {
            TestData.writeNpz(train, new int[] {12}, dir.resolve("train.npz"), true, "train");
            TestData.writeNpz(test, new int[] {12}, dir.resolve("test.npz"), false, "test");
            data = "  train: {format: npz, path: %1$s/train.npz}\n  test: {format: npz, path: %1$s/test.npz}";
            input = dir.resolve("test.npz");
        } else if (format.equals("parquet")) {
            ParquetData.write(train, dir.resolve("train"), 3, ParquetData.Layout.VECTOR);
            ParquetData.write(test, dir.resolve("test"), 2, ParquetData.Layout.VECTOR);
            data = "  train: {format: parquet, path: %1$s/train}\n  test: {format: parquet, path: %1$s/test}";
            input = dir.resolve("test");
        } else if (format.equals("csv-dir")) {
            ParquetData.writeCsv(train, dir.resolve("train"), 3, true);
            ParquetData.writeCsv(test, dir.resolve("test"), 2, true);
            ParquetData.writeCsv(test, dir.resolve("input"), 2, false);
            data = "  train: {format: csv, path: %1$s/train, header: true, label: label}\n"
                    + "  test: {format: csv, path: %1$s/test, header: true, label: label}";
            input = dir.resolve("input");
        } else if (format.equals("csv.gz")) {
            TestData.writeCsv(train, dir.resolve("train.csv"), true);
            TestData.writeCsv(test, dir.resolve("test.csv"), true);
            gzip(dir.resolve("train.csv"));
            gzip(dir.resolve("test.csv"));
            data = "  train: {format: csv, path: %1$s/train.csv.gz, header: true, label: label}\n"
                    + "  test: {format: csv, path: %1$s/test.csv.gz, header: true, label: label}";
            TestData.writeCsv(test, dir.resolve("input.csv"), false);
            gzip(dir.resolve("input.csv"));
            input = dir.resolve("input.csv.gz");
        } else {
            TestData.writeLibsvm(train, dir.resolve("train.svm"));
            TestData.writeLibsvm(test, dir.resolve("test.svm"));
            data = "  train: {format: libsvm, path: %1$s/train.svm}\n  test: {format: libsvm, path: %1$s/test.svm}";
            input = dir.resolve("test.svm");
        }
        String yaml = Jobs.idxClassifier(dir.toString(), 12, 3, dir.resolve("run").toString())
                .replaceAll("  train: \\{format: idx[^\\n]*\\n  test: \\{format: idx[^\\n]*", data.formatted(dir));
        TrainingOutcome outcome;
        try (LogCapture log = new LogCapture(PreparedJob.class)) {
            outcome = new TrainingRun(SharedSpark.context(), new PrintStream(new ByteArrayOutputStream()),
                    new TrainingListener() { }).run(Jobs.parse(yaml), false);
            String gzip = " to keep its share: it is gzip-compressed and cannot be read in parts; store it "
                    + "uncompressed for each worker to read only its own\n";
            assertEquals(format.equals("csv.gz") ? "WARN data.train: each of the 2 workers reads all of " + dir
                    + "/train.csv.gz" + gzip + "WARN data.test: each of the 2 workers reads all of " + dir
                    + "/test.csv.gz" + gzip : "", log.text());
        }
        assertTrue(outcome.test().get("accuracy") > 0.9, format + ": " + outcome.test());

        Path out = dir.resolve("predictions.csv");
        new PredictionRun(SharedSpark.context()).run(dir.resolve("run").toString(), input.toString(), out.toString(),
                false);
        List<String> lines = PredictionFiles.lines(out);
        int correct = 0;
        for (int r = 0; r < test.rows(); r++) {
            correct += Integer.parseInt(lines.get(r + 1).split(",")[1]) == test.labels()[r] ? 1 : 0;
        }
        assertEquals(outcome.test().get("accuracy"), (double) correct / test.rows(), 1e-9);
    }

    private static void gzip(Path file) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(Path.of(file + ".gz")))) {
            Files.copy(file, out);
        }
    }
}
