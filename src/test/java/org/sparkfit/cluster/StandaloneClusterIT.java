package org.sparkfit.cluster;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkfit.testing.FashionSlice;

/**
 * The cluster jar on a real Spark standalone cluster: {@code scripts/local-cluster.sh} starts a Master and two
 * Workers as separate JVMs on 127.0.0.1, the jar is submitted through Spark's own SparkSubmit, and the job trains
 * with two executors on a slice of the real Fashion-MNIST. Runs after {@code package}, which builds the jar.
 */
class StandaloneClusterIT {
    private static final Path SCRIPT = Path.of("scripts/local-cluster.sh").toAbsolutePath();

    @TempDir
    Path dir;

    private record Result(int exit, String out, String err) {
    }

    @Test
    void theClusterJarTrainsWithTwoExecutorsThroughSparkSubmit() throws Exception {
        FashionSlice.write(dir, "train", 1200);
        FashionSlice.write(dir, "t10k", 300);
        Files.writeString(dir.resolve("job.yaml"), Files.readString(Path.of("conf/fashion-mnist-mlp.yaml"))
                .replace(FashionSlice.PACKAGE.toString(), dir.toString()).replace(".gz", "")
                .replace("runs/fashion-mnist-mlp", dir.resolve("run").toString()));
        Path events = Files.createDirectory(dir.resolve("events"));
        Map<String, String> env = Map.of("SPARKFIT_CLUSTER_DIR", dir.resolve("cluster").toString(),
                "SPARK_MASTER_PORT", String.valueOf(freePort()), "SPARK_MASTER_WEBUI_PORT",
                String.valueOf(freePort()), "SPARK_WORKER_WEBUI_PORT", "0");
        String master = "spark://127.0.0.1:" + env.get("SPARK_MASTER_PORT");

        List<Long> daemons = new ArrayList<>();
        try {
            Result start = script(env, 3, "start");
            assertEquals(0, start.exit(), start.err());
            try (Stream<Path> pids = Files.list(dir.resolve("cluster/pids"))) {
                for (Path pid : pids.toList()) {
                    daemons.add(Long.parseLong(Files.readString(pid).trim()));
                }
            }
            assertEquals(3, daemons.size(), "a master and two workers");

            Result train = script(env, 6, "submit", "--conf", "spark.eventLog.enabled=true", "--conf",
                    "spark.eventLog.dir=" + events.toUri(), "--", "train", dir.resolve("job.yaml").toString(),
                    "--set", "fit.epochs=2");
            assertEquals(0, train.exit(), train.err());
            assertTrue(train.out().contains("Epoch 2/2 - "), train.out());

            JsonNode metrics = new ObjectMapper().readTree(dir.resolve("run/metrics.json").toFile());
            assertEquals(master, metrics.at("/spark_master").asText());
            double accuracy = metrics.at("/test/accuracy").asDouble();
            assertTrue(accuracy > 0.5 && metrics.at("/baseline/accuracy").asDouble() < 0.15, metrics.toString());
            MultiLayerNetwork model = ModelSerializer.restoreMultiLayerNetwork(dir.resolve("run/model.zip").toFile());
            assertEquals(407_050, model.numParams());

            assertEquals(Set.of("0", "1"), executorsThatRanTasks(events));
            String executorLogs = executorStderr(dir.resolve("cluster"));
            assertTrue(executorLogs.contains("sparkfit executor: ND4J backend CpuBackend (NativeOpExecutioner), 1 "
                    + "thread(s) per task, OMP_NUM_THREADS=1"), executorLogs);
        } finally {
            Result stop = script(env, 2, "stop");
            assertEquals(0, stop.exit(), stop.err());
        }
        for (long pid : daemons) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid + " alive");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private Result script(Map<String, String> env, int minutes, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(SCRIPT.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        Path out = dir.resolve(args[0] + ".out");
        Path err = dir.resolve(args[0] + ".err");
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

    private static String executorStderr(Path cluster) throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(cluster)) {
            for (Path file : files.filter(p -> p.getFileName().toString().equals("stderr")).toList()) {
                all.append(Files.readString(file));
            }
        }
        return all.toString();
    }
}
