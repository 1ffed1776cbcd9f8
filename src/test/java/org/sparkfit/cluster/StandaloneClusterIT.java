package org.sparkfit.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkfit.testing.FashionSlice;
import org.sparkfit.testing.InjectedFaults;
import org.sparkfit.testing.ParquetData;
import org.sparkfit.testing.TestData;

/**
 * The cluster jar on a real Spark standalone cluster: {@code scripts/local-cluster.sh} starts a Master and two
 * Workers as separate JVMs on 127.0.0.1, the jar is submitted through Spark's own SparkSubmit, and jobs run with two
 * executors on a slice of the real Fashion-MNIST. Runs after {@code package}, which builds the jar.
 *
 * <p>Each Worker offers one GPU found by {@code scripts/gpu-discovery.sh}. This machine has no NVIDIA GPU, so an
 * {@code nvidia-smi} that lists device 0 stands in for the driver's tool; everything from the discovery script on
 * (Spark's resource scheduling, the address reaching the task) is real.
 */
class StandaloneClusterIT {
    private static final Path SCRIPT = Path.of("scripts/local-cluster.sh").toAbsolutePath();

    @TempDir
    static Path dir;
    private static final Map<String, String> ENV = new HashMap<>();
    private static final List<Long> DAEMONS = new ArrayList<>();
    private static String master;
    /** The epochs of the runs that the fault test compares: enough that an executor dies in the middle. */
    private static final int EPOCHS = 6;
    private static Result unfaulted;
    /** The events of {@link #unfaulted}'s run. */
    private static Path unfaultedEvents;

    private record Result(int exit, String out, String err) {
    }

    @BeforeAll
    static void startCluster() throws Exception {
        FashionSlice.write(dir, "train", 1200);
        FashionSlice.write(dir, "t10k", 300);
        Files.writeString(dir.resolve("job.yaml"), Files.readString(Path.of("conf/fashion-mnist-mlp.yaml"))
                .replace(FashionSlice.PACKAGE.toString(), dir.toString()).replace(".gz", "")
                .replace("runs/fashion-mnist-mlp", dir.resolve("run").toString()));
        Path bin = Files.createDirectory(dir.resolve("bin"));
        Files.writeString(bin.resolve("nvidia-smi"), "#!/bin/sh\necho 0\n");
        Files.setPosixFilePermissions(bin.resolve("nvidia-smi"), PosixFilePermissions.fromString("rwxr-xr-x"));

        ENV.put("PATH", bin + ":" + System.getenv("PATH"));
        ENV.put("SPARKFIT_CLUSTER_DIR", dir.resolve("cluster").toString());
        int[] ports = freePorts(2);
        ENV.put("SPARK_MASTER_PORT", String.valueOf(ports[0]));
        ENV.put("SPARK_MASTER_WEBUI_PORT", String.valueOf(ports[1]));
        ENV.put("SPARK_WORKER_WEBUI_PORT", "0");
        ENV.put("SPARK_WORKER_OPTS", "-Dspark.worker.resource.gpu.amount=1 -Dspark.worker.resource.gpu."
                + "discoveryScript=" + Path.of("scripts/gpu-discovery.sh").toAbsolutePath());
        master = "spark://127.0.0.1:" + ENV.get("SPARK_MASTER_PORT");

        Result start = script(3, "start");
        try (Stream<Path> pids = Files.list(dir.resolve("cluster/pids"))) {
            for (Path pid : pids.toList()) {
                DAEMONS.add(Long.parseLong(Files.readString(pid).trim()));
            }
        }
        assertEquals(0, start.exit(), start.err());
        assertEquals(3, DAEMONS.size(), "a master and two workers");
    }

    @AfterAll
    static void stopCluster() throws Exception {
        Result stop = script(2, "stop");
        assertEquals(0, stop.exit(), stop.err());
        for (long pid : DAEMONS) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid + " alive");
        }
    }

    /** A run of {@value #EPOCHS} epochs with nothing injected, which the fault tests compare theirs with. */
    private static synchronized Result unfaultedRun() throws Exception {
        if (unfaulted == null) {
            unfaultedEvents = Files.createDirectory(dir.resolve("events"));
            unfaulted = script(6, "submit", "--conf", "spark.eventLog.enabled=true", "--conf",
                    "spark.eventLog.dir=" + unfaultedEvents.toUri(), "--", "train", dir.resolve("job.yaml").toString(),
                    "--set", "fit.epochs=" + EPOCHS);
        }
        return unfaulted;
    }

    @Test
    void theClusterJarTrainsWithTwoExecutorsThroughSparkSubmit() throws Exception {
        Result train = unfaultedRun();
        Path events = unfaultedEvents;
        assertEquals(0, train.exit(), train.err());
        assertTrue(train.out().contains("Epoch " + EPOCHS + "/" + EPOCHS + " - "), train.out());
        // 784-512-10: 407,050 parameters x 4 bytes x 5 copies + 128 x (784 + 512 + 10) x 4 bytes x 3, doubled:
        // 20 MiB off-heap; + 512 MiB native base = 532 MiB overhead; + 1 GiB heap = 1556 MiB in all.
        assertTrue(train.out().contains("Executors: spark.executor.memory 1g, spark.executor.memoryOverhead 532m"),
                train.out());

        JsonNode metrics = new ObjectMapper().readTree(dir.resolve("run/metrics.json").toFile());
        assertEquals(master, metrics.at("/spark_master").asText());
        assertEquals(2, metrics.at("/backend").size(), metrics.at("/backend").toString());
        for (JsonNode backend : metrics.at("/backend")) {
            assertTrue(backend.asText().matches("executor [01] \\(127\\.0\\.0\\.1\\): CpuBackend, 1 thread per task"),
                    backend.asText());
        }
        double accuracy = metrics.at("/test/accuracy").asDouble();
        assertTrue(accuracy > 0.5 && metrics.at("/baseline/accuracy").asDouble() < 0.15, metrics.toString());
        MultiLayerNetwork model = ModelSerializer.restoreMultiLayerNetwork(dir.resolve("run/model.zip").toFile());
        assertEquals(407_050, model.numParams());

        assertEquals(Set.of("0", "1"), executorsThatRanTasks(events));
        String executorLogs = executorStderr();
        assertTrue(executorLogs.contains("sparkfit executor: ND4J backend CpuBackend (NativeOpExecutioner), 1 "
                + "thread(s) per task, OMP_NUM_THREADS=1, JavaCPP maxbytes 20m, maxphysicalbytes 1556m"),
                executorLogs);
    }

    @Test
    void anExecutorOutOfHeapEndsTheJobNamingTheSettingAndWritesNothing() throws Exception {
        // 70,000 units: a state of 445 MB (the parameters and RMSProp's), which a task's 512 MiB heap cannot take in
        // as it reads the starting state. (40,000 units, 254 MB, ran out only while the ring summed through a heap
        // copy of the state, which it no longer makes.)
        Result train = script(6, "submit", "--executor-memory", "512m", "--conf", "spark.task.maxFailures=1", "--",
                "train", dir.resolve("job.yaml").toString(), "--set", "fit.epochs=1", "--set",
                "output=" + dir.resolve("oom-run"), "--set", "model.layers=[{type: dense, units: 70000, "
                        + "activation: relu}, {type: dense, units: 10, activation: softmax}]");
        assertEquals(1, train.exit(), train.err());
        assertTrue(train.err().contains("sparkfit: error: an executor ran out of JVM heap (OutOfMemoryError); raise "
                + "spark.executor.memory (spark-submit --executor-memory; in local mode SPARKFIT_DRIVER_MEMORY), or "
                + "lower fit.batch_size or the model's size\n"), train.err());
        assertFalse(Files.exists(dir.resolve("oom-run")));
    }

    @Test
    void anExecutorKilledMidRunIsReplacedAndTheRetriedStageEndsInTheUnfaultedModel() throws Exception {
        Result reference = unfaultedRun();
        assertEquals(0, reference.exit(), reference.err());
        Path output = dir.resolve("executor-killed");
        Path events = Files.createDirectory(dir.resolve("killed-events"));
        // The executor training partition 1 halts once its task has ended 2 rounds (one round an epoch here: in
        // epoch 2, after its round), inside the training stage, while the other task waits for it.
        List<String> submit = new ArrayList<>(List.of("submit", "--conf", "spark.eventLog.enabled=true", "--conf",
                "spark.eventLog.dir=" + events.toUri()));
        submit.addAll(List.of(InjectedFaults.submitOptions(pluginJar().toString(), 2, 1)));
        submit.addAll(List.of("--", "train", dir.resolve("job.yaml").toString(), "--set", "fit.epochs=" + EPOCHS,
                "--set", "output=" + output));
        Result train = script(6, submit.toArray(String[]::new));
        // The Master replaced the executor; the new one re-read its partition and the driver ran a training stage
        // again, all its tasks from the last epoch the driver had taken: the run ends as the unfaulted one, to the
        // bit.
        assertEquals(0, train.exit(), train.err());
        assertTrue(failedStages(events) > 0, "no stage failed: " + train.out());
        MultiLayerNetwork killed = ModelSerializer.restoreMultiLayerNetwork(output.resolve("model.zip").toFile());
        MultiLayerNetwork clean = ModelSerializer.restoreMultiLayerNetwork(dir.resolve("run/model.zip").toFile());
        assertArrayEquals(clean.params().toFloatVector(), killed.params().toFloatVector());
        JsonNode metrics = new ObjectMapper().readTree(output.resolve("metrics.json").toFile());
        assertEquals(EPOCHS, metrics.at("/history").size());
    }

    /** A jar of the test classes that {@link InjectedFaults} needs, for the driver's and executors' classpath. */
    private static Path pluginJar() throws IOException {
        Path classes = Path.of("target/test-classes");
        Path jar = dir.resolve("faults.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(classes.resolve("org/sparkfit/testing"))) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("InjectedFaults")).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString()));
                out.write(Files.readAllBytes(file));
                out.closeEntry();
            }
        }
        return jar;
    }

    /** How many failed stage attempts Spark's event log records. */
    private static long failedStages(Path events) throws IOException {
        ObjectMapper json = new ObjectMapper();
        long failed = 0;
        try (Stream<Path> logs = Files.list(events)) {
            for (Path log : logs.toList()) {
                for (String line : Files.readAllLines(log)) {
                    JsonNode event = json.readTree(line);
                    if (event.path("Event").asText().equals("SparkListenerStageCompleted")
                            && event.at("/Stage Info").has("Failure Reason")) {
                        failed++;
                    }
                }
            }
        }
        return failed;
    }

    @Test
    void eachTaskGetsTheGpuSparkAssignedIt() throws Exception {
        Result train = script(6, "submit", "--conf", "spark.executor.resource.gpu.amount=1", "--conf",
                "spark.task.resource.gpu.amount=1", "--", "train", dir.resolve("job.yaml").toString(), "--set",
                "fit.epochs=1", "--set", "output=" + dir.resolve("gpu-run"));
        assertEquals(0, train.exit(), train.err());
        assertTrue(Files.exists(dir.resolve("gpu-run/model.zip")));
        assertTrue(executorStderr().contains("sparkfit executor: Spark assigned GPU 0 to this task, but ND4J runs on "
                + "the CPU backend; build sparkfit with -Pcuda to train on it"));
    }

    @Test
    void parquetDataAndAKerasModelFileRunOnTheClustersOwnJars() throws Exception {
        // Parquet is read with the Parquet library of Spark's distribution (provided scope: not in the jar), by the
        // driver for the shape and by the executors for the rows; the Keras file is read by the driver with the HDF5
        // native library the jar carries.
        ParquetData.write(TestData.planted(600, 36, 3, 1), dir.resolve("parquet-train"), 3, ParquetData.Layout.VECTOR);
        ParquetData.write(TestData.planted(150, 36, 3, 2), dir.resolve("parquet-test"), 2, ParquetData.Layout.VECTOR);
        Files.writeString(dir.resolve("keras-job.yaml"), """
                data:
                  train: {format: parquet, path: %1$s/parquet-train}
                  test: {format: parquet, path: %1$s/parquet-test}
                  scale: 255
                model: {keras: %2$s}
                fit: {epochs: 6, batch_size: 32, seed: 3}
                spark: {workers: 2, averaging_frequency: 4}
                output: %1$s/keras-run
                """.formatted(dir, Path.of("src/test/resources/keras/cnn.h5").toAbsolutePath()));
        Result train = script(6, "submit", "--", "train", dir.resolve("keras-job.yaml").toString());
        assertEquals(0, train.exit(), train.err());
        JsonNode metrics = new ObjectMapper().readTree(dir.resolve("keras-run/metrics.json").toFile());
        assertEquals(2, metrics.at("/backend").size(), metrics.at("/backend").toString());
        assertTrue(metrics.at("/test/accuracy").asDouble() > 0.9, metrics.toString());
        assertTrue(train.out().contains(" conv (Conv2D)               (None, 6, 6, 8)           80\n"), train.out());
    }

    /** A user's Spark application: it fits sparkfit's Estimator on a Parquet data set and saves the model. */
    private static final String APPLICATION = """
            import java.nio.file.Files;
            import java.nio.file.Path;
            import org.apache.spark.sql.SparkSession;
            import org.sparkfit.driver.ml.SparkfitEstimator;
            import org.sparkfit.driver.ml.SparkfitModel;

            public class TrainFromParquet {
                public static void main(String[] args) throws Exception {
                    SparkSession spark = SparkSession.builder().appName("sparkfit API application").getOrCreate();
                    SparkfitModel model = new SparkfitEstimator().setJob(Files.readString(Path.of(args[1])))
                            .fit(spark.read().parquet(args[0]));
                    model.write().save(args[2]);
                    System.out.println("held-out accuracy " + model.heldOutScores().get("accuracy"));
                    spark.stop();
                }
            }
            """;

    @Test
    void aSparkApplicationTrainsThroughTheApiOnTheCluster() throws Exception {
        ParquetData.write(TestData.planted(600, 36, 3, 4), dir.resolve("api-rows"), 3, ParquetData.Layout.VECTOR);
        Files.writeString(dir.resolve("api-job.yaml"), """
                model:
                  input: [36]
                  layers:
                    - {type: dense, units: 16, activation: relu}
                    - {type: dense, units: 3, activation: softmax}
                compile:
                  loss: sparse_categorical_crossentropy
                  optimizer: {name: adam, learning_rate: 0.01}
                  metrics: [accuracy]
                fit: {epochs: 6, batch_size: 32, seed: 3}
                spark: {workers: 2, averaging_frequency: 4}
                """);
        Path events = Files.createDirectory(dir.resolve("api-events"));
        Path model = dir.resolve("api-model");
        Result run = script(6, "submit-app", "--class", "TrainFromParquet", "--conf", "spark.eventLog.enabled=true",
                "--conf", "spark.eventLog.dir=" + events.toUri(), "--", applicationJar().toString(),
                dir.resolve("api-rows").toString(), dir.resolve("api-job.yaml").toString(), model.toString());
        assertEquals(0, run.exit(), run.err());
        double accuracy = Double.parseDouble(run.out().lines().filter(l -> l.startsWith("held-out accuracy "))
                .findFirst().orElseThrow(() -> new AssertionError(run.out())).substring(18));
        assertTrue(accuracy > 0.8, run.out());
        assertEquals(Set.of("0", "1"), executorsThatRanTasks(events));
        JsonNode metrics = new ObjectMapper().readTree(model.resolve("metrics.json").toFile());
        assertEquals(master, metrics.at("/spark_master").asText());
        assertEquals(6, metrics.at("/history").size());
        assertTrue(Files.exists(model.resolve("metadata/part-00000")), "Spark ML's metadata beside the run");
    }

    /** {@link #APPLICATION} compiled against this JVM's classpath (Spark, Spark ML, sparkfit) into a jar. */
    private static Path applicationJar() throws IOException {
        Path source = Files.createDirectories(dir.resolve("app/src")).resolve("TrainFromParquet.java");
        Files.writeString(source, APPLICATION);
        Path classes = Files.createDirectories(dir.resolve("app/classes"));
        int compiled = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-classpath",
                System.getProperty("java.class.path"), "-d", classes.toString(), source.toString());
        assertEquals(0, compiled, "the application compiles");
        Path jar = dir.resolve("app/train-from-parquet.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("TrainFromParquet.class"));
            out.write(Files.readAllBytes(classes.resolve("TrainFromParquet.class")));
            out.closeEntry();
        }
        return jar;
    }

    /** Distinct ports free at this moment (all held open together, so none is handed out twice). */
    private static int[] freePorts(int count) throws IOException {
        ServerSocket[] sockets = new ServerSocket[count];
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket(0);
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                if (socket != null) {
                    socket.close();
                }
            }
        }
    }

    private static Result script(int minutes, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(SCRIPT.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(ENV);
        if (args[0].equals("submit")) {
            pb.environment().put("SPARKFIT_DRIVER_MEMORY", "3g");
        }
        Path out = Files.createTempFile(dir, args[0], ".out");
        Path err = Files.createTempFile(dir, args[0], ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process process = pb.start();
        if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("local-cluster.sh " + args[0] + " took over " + minutes + " minutes");
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** The IDs of the executors that ran tasks, from Spark's event log. */
    private static Set<String> executorsThatRanTasks(Path events) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Set<String> executors = new TreeSet<>();
        try (Stream<Path> logs = Files.list(events)) {
            for (Path log : logs.toList()) {
                for (String line : Files.readAllLines(log)) {
                    JsonNode event = json.readTree(line);
                    if (event.path("Event").asText().equals("SparkListenerTaskEnd")) {
                        assertEquals("127.0.0.1", event.at("/Task Info/Host").asText());
                        executors.add(event.at("/Task Info/Executor ID").asText());
                    }
                }
            }
        }
        return executors;
    }

    /** Every executor's stderr, which begins with the launch command the Worker ran. */
    private static String executorStderr() throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(dir.resolve("cluster"))) {
            for (Path file : files.filter(p -> p.getFileName().toString().equals("stderr")).toList()) {
                all.append(Files.readString(file));
            }
        }
        return all.toString();
    }
}
