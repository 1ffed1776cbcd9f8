package org.sparkfit.driver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkfit.driver.config.JobConfig;
import org.sparkfit.driver.jobs.EvaluationRun;
import org.sparkfit.driver.jobs.PredictionRun;
import org.sparkfit.driver.jobs.RetrainingRun;
import org.sparkfit.driver.jobs.TrainingRun;
import org.sparkfit.driver.store.RunDirectory;
import org.sparkfit.driver.store.StagedOutput;
import org.sparkfit.driver.train.PreparedJob;
import org.sparkfit.driver.train.TrainingListener;
import org.sparkfit.driver.train.TrainingOutcome;
import org.sparkfit.testing.FashionSlice;
import org.sparkfit.testing.Jobs;
import org.sparkfit.testing.ParquetData;
import org.sparkfit.testing.PredictionFiles;
import org.sparkfit.testing.SharedSpark;
import org.sparkfit.testing.TestData;
import org.sparkfit.worker.FlatState;

/**
 * Train, evaluate and predict with every path an {@code hdfs://} URI, against Hadoop's in-process MiniDFSCluster (a
 * real NameNode and DataNode) holding a slice of the real Fashion-MNIST, a CSV, text folders and a Parquet directory
 * that Spark SQL wrote.
 */
class HdfsRunTest {
    private static final int TRAIN_ROWS = 1200;
    private static final int TEST_ROWS = 300;
    private static final int CSV_TRAIN_ROWS = 20_000;

    @TempDir
    static Path local;
    private static MiniDFSCluster cluster;
    private static FileSystem fs;
    private static String data;
    private static int[] testLabels;
    private static float[] testFeatures;

    @BeforeAll
    static void startHdfsAndCopyData() throws Exception {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, local.resolve("dfs").toString());
        // Closing a file waits for the NameNode to hear of its block, retrying after 400 ms by default: copying the
        // text folders' hundreds of small files took two minutes with it.
        conf.setInt("dfs.client.block.write.locateFollowingBlock.initial.delay.ms", 5);
        cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        cluster.waitActive();
        fs = cluster.getFileSystem();
        data = fs.getUri() + "/data";

        Path slice = Files.createDirectory(local.resolve("slice"));
        FashionSlice.write(slice, "train", TRAIN_ROWS);
        testLabels = FashionSlice.write(slice, "t10k", TEST_ROWS);
        for (String[] names : new String[][] {{"train-images-idx3-ubyte", "train-images"},
                {"train-labels-idx1-ubyte", "train-labels"}, {"t10k-images-idx3-ubyte", "test-images"},
                {"t10k-labels-idx1-ubyte", "test-labels"}}) {
            copy(slice.resolve(names[0]), names[1]);
        }
        testFeatures = new float[TEST_ROWS * 784];
        byte[] images = Files.readAllBytes(slice.resolve("t10k-images-idx3-ubyte"));
        for (int i = 0; i < testFeatures.length; i++) {
            testFeatures[i] = (images[16 + i] & 0xff) / 255f;
        }

        TestData.writeCsv(TestData.planted(CSV_TRAIN_ROWS, 12, 3, 3), local.resolve("planted.csv"), true);
        TestData.writeCsv(TestData.planted(CSV_TRAIN_ROWS / 10, 12, 3, 4), local.resolve("planted-test.csv"), true);
        copy(local.resolve("planted.csv"), "planted.csv");
        copy(local.resolve("planted-test.csv"), "planted-test.csv");
    }

    private static void copy(Path file, String name) throws Exception {
        fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(file.toUri()), new org.apache.hadoop.fs.Path(data, name));
    }

    @AfterAll
    static void stopHdfs() {
        if (cluster != null) {
            cluster.shutdown();
        }
    }

    private static JobConfig fashionJob(String output, String... overrides) {
        return Jobs.parse(Jobs.idxClassifier(data, 784, 10, fs.getUri() + output), overrides);
    }

    private static TrainingOutcome train(JobConfig config, boolean overwrite) throws Exception {
        return new TrainingRun(SharedSpark.context(), new PrintStream(new ByteArrayOutputStream()),
                new TrainingListener() { }).run(config, overwrite);
    }

    private static FileSystem.Statistics hdfsStatistics() {
        return FileSystem.getAllStatistics().stream().filter(s -> s.getScheme().equals("hdfs")).findFirst()
                .orElseThrow();
    }

    @Test
    void trainsFromHdfsIntoHdfsAndTheStoredModelPredictsAsTheTrainedOne() throws Exception {
        JobConfig config = fashionJob("/fashion/run");
        FileSystem.Statistics stats = hdfsStatistics();
        long driverBefore = stats.getThreadStatistics().getBytesRead();
        long allBefore = stats.getBytesRead();
        TrainingOutcome outcome = train(config, false);
        long driverRead = stats.getThreadStatistics().getBytesRead() - driverBefore;
        long allRead = stats.getBytesRead() - allBefore;

        long dataBytes = 0;
        for (FileStatus file : fs.listStatus(new org.apache.hadoop.fs.Path(data))) {
            dataBytes += file.getPath().getName().endsWith(".csv") ? 0 : file.getLen();
        }
        // The driver reads the four files' headers (at most 1 KiB each). The executors read the data once between
        // them, each its own part, and the headers again: 4 per partition.
        assertTrue(driverRead <= 4 * 1024, "the driver read " + driverRead + " bytes of " + dataBytes);
        assertTrue(allRead >= dataBytes && allRead <= dataBytes + (4 + 2 * 4) * 1024,
                "read " + allRead + " bytes for " + dataBytes + " bytes of data");
        assertTrue(outcome.test().get("accuracy") > 0.6, "accuracy " + outcome.test());

        String run = fs.getUri() + "/fashion/run";
        assertEquals(List.of("_SUCCESS", "charts", "checkpoints", "config.yaml", "metrics.json", "model.zip",
                "report.html", "summary.txt"),
                Arrays.stream(fs.listStatus(new org.apache.hadoop.fs.Path(run))).map(s -> s.getPath().getName())
                        .sorted().toList());
        assertEquals(List.of("run"), Arrays.stream(fs.listStatus(new org.apache.hadoop.fs.Path("/fashion")))
                .map(s -> s.getPath().getName()).toList(), "no temporary directory is left beside the run");

        MultiLayerNetwork trained = new MultiLayerNetwork(PreparedJob.plan(config).network());
        trained.init();
        FlatState.apply(outcome.state(), trained);
        MultiLayerNetwork stored = new RunDirectory(run, new Configuration()).readModel();
        var input = Nd4j.create(testFeatures, new long[] {TEST_ROWS, 784});
        assertEquals(trained.output(input), stored.output(input));

        assertEquals(outcome.test().get("accuracy"), new EvaluationRun(SharedSpark.context()).run(run)
                .get("accuracy"), 1e-12);
        String predictions = fs.getUri() + "/predictions/fashion.csv";
        long rows = new PredictionRun(SharedSpark.context()).run(run, data + "/test-images", predictions, false);
        assertEquals(TEST_ROWS, rows);
        int[] predicted = PredictionFiles.lines(predictions, new Configuration()).stream().skip(1)
                .mapToInt(line -> Integer.parseInt(line.split(",")[1])).toArray();
        int[] expected = stored.output(input).argMax(1).toIntVector();
        assertArrayEquals(expected, predicted);
        long correct = 0;
        for (int r = 0; r < TEST_ROWS; r++) {
            correct += predicted[r] == testLabels[r] ? 1 : 0;
        }
        assertEquals(outcome.test().get("accuracy"), (double) correct / TEST_ROWS, 1e-12);
    }

    @Test
    void trainsFromACsvOnHdfsThatTheWorkersReadOnceBetweenThem() throws Exception {
        String output = fs.getUri() + "/runs/csv";
        JobConfig config = Jobs.parse(Jobs.idxClassifier(data, 12, 3, output),
                "data.train={format: csv, path: " + data + "/planted.csv, header: true, label: label}",
                "data.test={format: csv, path: " + data + "/planted-test.csv, header: true, label: label}",
                "fit.epochs=2");
        long csvBytes = fs.getFileStatus(new org.apache.hadoop.fs.Path(data, "planted.csv")).getLen()
                + fs.getFileStatus(new org.apache.hadoop.fs.Path(data, "planted-test.csv")).getLen();
        long before = hdfsStatistics().getBytesRead();
        TrainingOutcome outcome = train(config, false);
        long read = hdfsStatistics().getBytesRead() - before;
        // Each worker reads its byte range of each file, and the header and the lines at its ends (12 KiB at most);
        // the driver reads each file's header. Every worker had read each whole file before.
        assertTrue(read >= csvBytes && read <= csvBytes + (2 * 2 + 2) * 12 * 1024,
                "read " + read + " bytes for " + csvBytes + " bytes of CSV");
        assertTrue(outcome.test().get("accuracy") > 0.9, "accuracy " + outcome.test());
        assertTrue(fs.exists(new org.apache.hadoop.fs.Path(output, RunDirectory.MODEL)));
    }

    @Test
    void textFoldersOnHdfsKeepTheirVocabularyInTheRunForPredict() throws Exception {
        TestData.Texts train = TestData.plantedTexts(400, 3, 1);
        TestData.Texts test = TestData.plantedTexts(150, 3, 2);
        TestData.writeTextFolders(train, local.resolve("text-train"), 3);
        TestData.writeTextFolders(test, local.resolve("text-test"), 3);
        // One document per line, without the header: a folder-per-class job has none.
        TestData.writeTextCsv(test, local.resolve("text-input.csv"), false);
        List<String> lines = Files.readAllLines(local.resolve("text-input.csv"));
        Files.write(local.resolve("text-input.csv"), lines.subList(1, lines.size()));
        for (String name : new String[] {"text-train", "text-test", "text-input.csv"}) {
            copy(local.resolve(name), name);
        }
        String run = fs.getUri() + "/runs/text";
        String vectorization = "vectorization: {mode: multi_hot, max_tokens: 300}";
        JobConfig config = Jobs.parse(Jobs.idxClassifier(data, 300, 3, run),
                "data.train={format: text, path: " + data + "/text-train, " + vectorization + "}",
                "data.test={format: text, path: " + data + "/text-test, " + vectorization + "}", "data.scale=1",
                "fit.epochs=6");
        TrainingOutcome outcome = train(config, false);
        assertTrue(outcome.test().get("accuracy") > 0.9, "accuracy " + outcome.test());
        assertTrue(fs.exists(new org.apache.hadoop.fs.Path(run, RunDirectory.VOCABULARY)));

        String predictions = fs.getUri() + "/predictions/text.csv";
        assertEquals(150, new PredictionRun(SharedSpark.context()).run(run, data + "/text-input.csv", predictions,
                false));
        assertEquals(outcome.test().get("accuracy"), accuracy(predictions, test.labels()), 1e-12);
    }

    @Test
    void standardizedParquetOnHdfsIsEvaluatedAgainWithItsSavedMoments() throws Exception {
        // Features far from zero mean and unit variance: the network only learns well once they are standardized.
        TestData.Set planted = TestData.planted(600, 12, 3, 4);
        float[] shifted = planted.features().clone();
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] = shifted[i] * 40 + 10_000;
        }
        TestData.Set set = new TestData.Set(planted.rows(), planted.width(), planted.classes(), shifted,
                planted.labels());
        ParquetData.write(set, local.resolve("parquet"), 3, ParquetData.Layout.COLUMNS);
        copy(local.resolve("parquet"), "parquet");
        String run = fs.getUri() + "/runs/parquet";
        JobConfig config = Jobs.parse(Jobs.idxClassifier(data, 12, 3, run),
                "data.train={format: parquet, path: " + data + "/parquet}",
                "data.test={format: parquet, path: " + data + "/parquet}", "data.standardize=true", "fit.epochs=6");
        TrainingOutcome outcome = train(config, false);
        assertTrue(outcome.test().get("accuracy") > 0.9, "accuracy " + outcome.test());
        assertEquals(outcome.test().get("accuracy"), new EvaluationRun(SharedSpark.context()).run(run)
                .get("accuracy"), 1e-12);
        String predictions = fs.getUri() + "/predictions/parquet.csv";
        new PredictionRun(SharedSpark.context()).run(run, data + "/parquet", predictions, false);
        assertEquals(outcome.test().get("accuracy"), accuracy(predictions, set.labels()), 1e-12);
    }

    /** The share of predictions on HDFS whose predicted class is the label. */
    private static double accuracy(String predictions, int[] labels) throws Exception {
        int[] predicted = PredictionFiles.lines(predictions, new Configuration()).stream().skip(1)
                .mapToInt(line -> Integer.parseInt(line.split(",")[1])).toArray();
        assertEquals(labels.length, predicted.length);
        long correct = 0;
        for (int r = 0; r < labels.length; r++) {
            correct += predicted[r] == labels[r] ? 1 : 0;
        }
        return (double) correct / labels.length;
    }

    @Test
    void aSecondTrainToTheSameOutputFailsAndLeavesTheFirstIntact() throws Exception {
        JobConfig config = fashionJob("/runs/twice", "fit.epochs=1");
        train(config, false);
        org.apache.hadoop.fs.Path model = new org.apache.hadoop.fs.Path("/runs/twice/model.zip");
        FileStatus before = fs.getFileStatus(model);
        byte[] bytes = readAll(model);

        UserInputException e = assertThrows(UserInputException.class, () -> train(config, false));
        assertEquals(fs.getUri() + "/runs/twice already exists; pass --overwrite to replace it, or choose another "
                + "output", e.getMessage());
        assertEquals(before.getModificationTime(), fs.getFileStatus(model).getModificationTime());
        assertArrayEquals(bytes, readAll(model));
    }

    @Test
    void aRetrainThatCannotWriteItsVersionLeavesCurrentOnACompleteModel() throws Exception {
        String registry = fs.getUri() + "/registry";
        RetrainingRun retrain = new RetrainingRun(SharedSpark.context(), new PrintStream(new ByteArrayOutputStream()),
                new TrainingListener() { });
        JobConfig config = Jobs.parse(Jobs.idxClassifier(data, 784, 10, "unused"), "fit.epochs=1");
        assertTrue(retrain.run(config, registry).promoted());

        // A space quota far below one block: nothing more can be written under versions/ (Long.MAX_VALUE leaves
        // the name quota unset).
        org.apache.hadoop.fs.Path versions = new org.apache.hadoop.fs.Path("/registry/versions");
        fs.setQuota(versions, Long.MAX_VALUE, 1024);
        try {
            Exception e = assertThrows(Exception.class, () -> retrain.run(config, registry));
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            assertTrue(String.valueOf(root).contains("DSQuotaExceededException"), String.valueOf(root));
        } finally {
            fs.setQuota(versions, Long.MAX_VALUE, Long.MAX_VALUE);
        }
        assertEquals("0001", new String(readAll(new org.apache.hadoop.fs.Path("/registry/CURRENT")),
                StandardCharsets.UTF_8).trim());
        assertEquals(List.of("0001"), Arrays.stream(fs.listStatus(versions)).map(s -> s.getPath().getName())
                .toList(), "no partial version, no leftover checkpoints");
        assertEquals(12_730, new RunDirectory(registry + "/versions/0001", new Configuration()).readModel()
                .numParams());
        assertFalse(fs.exists(new org.apache.hadoop.fs.Path("/registry/LOCK")));
    }

    @Test
    void aStagedRunIsInvisibleUntilCommittedAndGoneIfAbandoned() throws Exception {
        String target = fs.getUri() + "/staged/run";
        try (StagedOutput staged = StagedOutput.directory(target, false, RunDirectory.KIND, new Configuration())) {
            staged.writeString("part.txt", "written");
            assertFalse(fs.exists(new org.apache.hadoop.fs.Path(target)));
            assertEquals(1, fs.listStatus(new org.apache.hadoop.fs.Path("/staged")).length);
            staged.commit();
        }
        assertEquals("written", new String(readAll(new org.apache.hadoop.fs.Path(target, "part.txt")),
                StandardCharsets.UTF_8));

        String abandoned = fs.getUri() + "/staged/abandoned";
        try (StagedOutput staged = StagedOutput.directory(abandoned, false, RunDirectory.KIND, new Configuration())) {
            staged.writeString("part.txt", "half");
        }
        assertFalse(fs.exists(new org.apache.hadoop.fs.Path(abandoned)));
        assertEquals(List.of("run"), Arrays.stream(fs.listStatus(new org.apache.hadoop.fs.Path("/staged")))
                .map(s -> s.getPath().getName()).toList());
    }

    private static byte[] readAll(org.apache.hadoop.fs.Path path) throws Exception {
        try (InputStream in = fs.open(path)) {
            return in.readAllBytes();
        }
    }
}
