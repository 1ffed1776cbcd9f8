package org.sparkfit.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import ml.dmlc.xgboost4j.java.Communicator;
import ml.dmlc.xgboost4j.java.RabitTracker;
import org.sparkfit.worker.exchange.Collective;
import org.sparkfit.worker.exchange.InProcessAllreduce;
import org.sparkfit.worker.exchange.RingAllreduce;

/**
 * sparkfit's ring allreduce against xgboost4j's collective (the {@code Communicator} and {@code RabitTracker}
 * XGBoost4J-Spark runs inside its barrier tasks), each between two JVMs on loopback, as two executors of the
 * loopback cluster would be, summing the same float buffers: the sizes of a small network's state, of the
 * benchmark job's gradient (407,050 parameters) and of its state with RMSProp's (814,100). Prints milliseconds
 * per allreduce (median of five runs of 100 after 50 warm-up sums) and the ratio; then the ring against the sum in
 * memory between two tasks of one JVM, as local mode runs them. Run through {@code scripts/bench}; never part of
 * the tests.
 */
public final class CollectiveBenchmark {
    private static final int[] SIZES = {10_000, 407_052, 814_102};
    private static final int WARMUP = 50;
    private static final int REPEATS = 100;
    private static final int RUNS = 5;

    private CollectiveBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("ring")) {
            ringWorker(Integer.parseInt(args[1]), Integer.parseInt(args[2]), List.of(args[3], args[4]));
            return;
        }
        if (args.length > 0 && args[0].equals("xgboost")) {
            xgboostWorker(Integer.parseInt(args[1]), Integer.parseInt(args[2]), args[3]);
            return;
        }
        System.out.printf(Locale.ROOT, "%nAllreduce (sum) of a float buffer between two JVMs on loopback, ms per "
                + "allreduce (median of %d runs of %d)%n", RUNS, REPEATS);
        System.out.printf(Locale.ROOT, "%-10s %18s %18s %10s%n", "floats", "sparkfit ring", "xgboost4j "
                + xgboostVersion(), "ratio");
        for (int size : SIZES) {
            double ring = median(() -> runRing(size));
            double xgboost = median(() -> runXgboost(size));
            System.out.printf(Locale.ROOT, "%-10d %18.3f %18.3f %9.2fx%n", size, ring, xgboost, xgboost / ring);
        }
        System.out.printf(Locale.ROOT, "%nThe same between two tasks as threads of one JVM (local mode), ms per "
                + "allreduce (median of %d runs of %d)%n", RUNS, REPEATS);
        System.out.printf(Locale.ROOT, "%-10s %18s %18s %10s%n", "floats", "ring on loopback", "in memory", "ratio");
        for (int size : SIZES) {
            double ring = median(() -> inOneJvm(size, false));
            double memory = median(() -> inOneJvm(size, true));
            System.out.printf(Locale.ROOT, "%-10d %18.3f %18.3f %9.2fx%n", size, ring, memory, ring / memory);
        }
    }

    /** Two tasks as threads of this JVM, through the ring on loopback or in memory; rank 0's milliseconds. */
    private static double inOneJvm(int size, boolean inMemory) throws Exception {
        List<ServerSocket> servers = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        for (int rank = 0; rank < 2; rank++) {
            servers.add(RingAllreduce.listen("127.0.0.1"));
            addresses.add("127.0.0.1:" + servers.get(rank).getLocalPort());
        }
        String group = "bench-" + System.nanoTime();
        List<CompletableFuture<Double>> tasks = new ArrayList<>();
        for (int rank = 0; rank < 2; rank++) {
            int r = rank;
            tasks.add(CompletableFuture.supplyAsync(() -> {
                try (Collective collective = inMemory
                        ? InProcessAllreduce.join(group, r, 2, Duration.ofSeconds(60), () -> false)
                        : RingAllreduce.join(r, addresses, servers.get(r), Duration.ofSeconds(60), () -> false)) {
                    float[] buffer = new float[size];
                    return time(() -> collective.allreduceSum(buffer));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, runnable -> new Thread(runnable).start()));
        }
        double millis = tasks.get(0).get();
        tasks.get(1).get();
        for (ServerSocket server : servers) {
            server.close();
        }
        return millis;
    }

    private interface Run {
        double millis() throws Exception;
    }

    private static double median(Run run) throws Exception {
        double[] runs = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            runs[i] = run.millis();
        }
        java.util.Arrays.sort(runs);
        return runs[RUNS / 2];
    }

    private static double runRing(int size) throws Exception {
        int[] ports = freePorts(2);
        List<String> addresses = List.of("127.0.0.1:" + ports[0], "127.0.0.1:" + ports[1]);
        List<Worker> workers = new ArrayList<>();
        for (int rank = 0; rank < 2; rank++) {
            workers.add(child("ring", String.valueOf(rank), String.valueOf(size), addresses.get(0),
                    addresses.get(1)));
        }
        return rankZeroMillis(workers);
    }

    private static double runXgboost(int size) throws Exception {
        RabitTracker tracker = new RabitTracker(2, "127.0.0.1");
        tracker.start();
        StringBuilder workerArgs = new StringBuilder();
        tracker.getWorkerArgs().forEach((k, v) -> workerArgs.append(k).append('=').append(v).append(','));
        List<Worker> workers = new ArrayList<>();
        for (int rank = 0; rank < 2; rank++) {
            workers.add(child("xgboost", String.valueOf(rank), String.valueOf(size), workerArgs.toString()));
        }
        double millis = rankZeroMillis(workers);
        tracker.waitFor(0);
        tracker.stop();
        return millis;
    }

    private static Worker child(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(javaLauncher(), "-Xmx1g", "-cp",
                System.getProperty("java.class.path"), CollectiveBenchmark.class.getName()));
        command.addAll(List.of(args));
        // xgboost4j's workers log their ranks on stderr: kept in a file, shown only when a worker fails.
        java.io.File log = java.io.File.createTempFile("sparkfit-collective-", ".log");
        log.deleteOnExit();
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(log);
        builder.environment().put("OMP_NUM_THREADS", "1");
        return new Worker(builder.start(), log);
    }

    /** Waits for both workers; returns the milliseconds per allreduce that rank 0 printed. */
    private static double rankZeroMillis(List<Worker> workers) throws Exception {
        String out = new String(workers.get(0).process().getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                .trim();
        for (Worker worker : workers) {
            if (worker.process().waitFor() != 0) {
                throw new IllegalStateException("a benchmark worker failed: " + java.nio.file.Files.readString(
                        worker.log().toPath()));
            }
        }
        return Double.parseDouble(out);
    }

    private record Worker(Process process, java.io.File log) {
    }

    private static int[] freePorts(int count) throws IOException {
        int[] ports = new int[count];
        for (int i = 0; i < count; i++) {
            try (ServerSocket socket = new ServerSocket(0)) {
                ports[i] = socket.getLocalPort();
            }
        }
        return ports;
    }

    private static void ringWorker(int rank, int size, List<String> addresses) throws Exception {
        String own = addresses.get(rank);
        int port = Integer.parseInt(own.substring(own.lastIndexOf(':') + 1));
        ServerSocket server = RingAllreduce.listen("127.0.0.1", port);
        try (Collective ring = RingAllreduce.join(rank, addresses, server, Duration.ofSeconds(60), () -> false)) {
            float[] buffer = new float[size];
            printIfRankZero(rank, time(() -> ring.allreduceSum(buffer)));
        }
    }

    private static void xgboostWorker(int rank, int size, String trackerArgs) throws Exception {
        Map<String, Object> env = new HashMap<>();
        for (String pair : trackerArgs.split(",")) {
            if (!pair.isEmpty()) {
                String value = pair.substring(pair.indexOf('=') + 1);
                env.put(pair.substring(0, pair.indexOf('=')), value.matches("-?\\d+") ? (Object) Integer.valueOf(value)
                        : value);
            }
        }
        env.put("dmlc_task_id", String.valueOf(rank));
        Communicator.init(env);
        try {
            float[] buffer = new float[size];
            printIfRankZero(rank, time(() -> Communicator.allReduce(buffer, Communicator.OpType.SUM)));
        } finally {
            Communicator.shutdown();
        }
    }

    /** Milliseconds per allreduce, after the warm-up. */
    private static double time(Runnable allreduce) {
        for (int i = 0; i < WARMUP; i++) {
            allreduce.run();
        }
        long start = System.nanoTime();
        for (int i = 0; i < REPEATS; i++) {
            allreduce.run();
        }
        return (System.nanoTime() - start) / 1e6 / REPEATS;
    }

    private static void printIfRankZero(int rank, double millis) {
        if (rank == 0) {
            System.out.println(millis);
        }
    }

    private static String xgboostVersion() throws IOException {
        java.util.Properties pom = new java.util.Properties();
        try (var in = Communicator.class.getResourceAsStream("/META-INF/maven/ml.dmlc/xgboost4j_2.12/pom.properties")) {
            if (in != null) {
                pom.load(in);
            }
        }
        return pom.getProperty("version", "");
    }

    /** The java launcher of this JVM. */
    private static String javaLauncher() {
        return java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
