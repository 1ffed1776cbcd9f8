package org.sparkfit.driver.jobs;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.sparkfit.datasets.PosixLocalFileSystem;
import org.sparkfit.driver.ExplainedFailure;
import org.sparkfit.driver.UserInputException;

/**
 * Starts the Spark context for a command: under spark-submit the master and settings come from it; run directly
 * the master defaults to {@code local[*]}. Executors get one OpenMP thread per task, the driver's JIT setting
 * ({@link ExecutorJit}) and, on a cluster, memory for ND4J's off-heap arrays unless told otherwise; heartbeats
 * carry the rounds' progress each second, and an epoch's barrier stage waits a minute at most for enough task
 * slots; YARN makes one application attempt; an epoch's results, the model's state among them, come back with the
 * tasks' status updates; local files are written without a forked {@code chmod} each
 * ({@link PosixLocalFileSystem}). A master URL Spark cannot parse, or a standalone master that does not answer,
 * ends in one line naming it instead of Spark's minute of retries.
 */
public final class SparkContexts {
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    private SparkContexts() {
    }

    /** @param memory executor memory defaults sized for the job's model, or null to leave Spark's */
    public static JavaSparkContext start(String appName, String master, ExecutorMemory memory) {
        SparkConf conf = new SparkConf().setAppName(appName);
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        }
        conf.setIfMissing("spark.executorEnv.OMP_NUM_THREADS", "1");
        conf.setIfMissing("spark.executorEnv.OMP_WAIT_POLICY", "PASSIVE");
        // Running tasks report the rounds they end with each heartbeat: once a second keeps the progress bar live.
        conf.setIfMissing("spark.executor.heartbeatInterval", "1s");
        // A barrier stage waits for enough free task slots: check each second for a minute, not 15 s for 10 min.
        conf.setIfMissing("spark.scheduler.barrier.maxConcurrentTasksCheck.interval", "1s");
        conf.setIfMissing("spark.scheduler.barrier.maxConcurrentTasksCheck.maxFailures", "60");
        // On YARN a run is one application attempt: Spark and the driver already run a failed epoch again, and a
        // second attempt would start the training over (in cluster mode it must be on the spark-submit line).
        conf.setIfMissing("spark.yarn.maxAppAttempts", "1");
        conf.setIfMissing("spark.hadoop." + PosixLocalFileSystem.CONFIG_KEY, PosixLocalFileSystem.class.getName());
        // An epoch's task of partition 0 returns the model's state: sent with its status update (up to Spark's RPC
        // message limit, 128 MiB) instead of stored as a block the driver then fetches (140 ms of an epoch for
        // 3.3 MB on the loopback cluster, in Spark's event log).
        conf.setIfMissing("spark.task.maxDirectResultSize", conf.get("spark.rpc.message.maxSize", "128") + "m");
        if (memory != null) {
            memory.applyTo(conf);
        }
        ExecutorJit.applyTo(conf);
        String url = conf.get("spark.master");
        if (url.startsWith("spark://")) {
            requireAnswer(url);
        }
        try {
            return new JavaSparkContext(conf);
        } catch (Exception e) {
            for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
                String reason = t.getMessage() == null ? "" : t.getMessage();
                if (reason.startsWith("Could not parse Master URL") || reason.startsWith("Asked to run locally with")) {
                    throw new UserInputException("--master " + url + ": Spark cannot use this master (" + reason
                            + "); give local[N] with N >= 1, local[*], spark://HOST:PORT, yarn or k8s://HOST:PORT", e);
                }
            }
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Fails when no master of a standalone URL ({@code spark://h1:p1,h2:p2}) accepts a connection. */
    private static void requireAnswer(String url) {
        String reason = "";
        for (String hostPort : url.substring("spark://".length()).split(",")) {
            int colon = hostPort.lastIndexOf(':');
            int port;
            try {
                port = Integer.parseInt(hostPort.substring(colon + 1));
            } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
                throw new UserInputException("--master " + url + ": '" + hostPort + "' is not HOST:PORT; give "
                        + "spark://HOST:PORT, e.g. spark://127.0.0.1:7077");
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(hostPort.substring(0, Math.max(colon, 0)), port),
                        CONNECT_TIMEOUT_MILLIS);
                return;
            } catch (IOException | IllegalArgumentException e) {
                reason = e.getMessage();
            }
        }
        throw new ExplainedFailure("--master " + url + ": no Spark master answers there (" + reason + "); start "
                + "the master (scripts/local-cluster.sh start) or fix the URL");
    }
}
