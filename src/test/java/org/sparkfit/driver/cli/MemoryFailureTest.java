package org.sparkfit.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.apache.spark.SparkException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Out-of-memory failures, worded as Spark reports them for each cluster manager, become one line naming the
 * setting to raise. The standalone cluster's exit-52 case also runs for real in StandaloneClusterIT.
 */
class MemoryFailureTest {
    private static final String HEAP = "an executor ran out of JVM heap (OutOfMemoryError); raise "
            + "spark.executor.memory (spark-submit --executor-memory; in local mode SPARKFIT_DRIVER_MEMORY), or "
            + "lower fit.batch_size or the model's size";
    private static final String OFF_HEAP = "an executor went over its memory limit outside the JVM heap, where ND4J "
            + "keeps its arrays; raise spark.executor.memoryOverhead (sparkfit's default is sized from the model: "
            + "see docs/CLUSTER.md), or lower fit.batch_size";

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ExecutorLostFailure (executor 2 exited caused by one of the running tasks) Reason: Command exited with code "
            + "52|heap",
        "Lost task 0.3 in stage 2.0 (TID 7) (h executor 3): java.lang.OutOfMemoryError: Java heap space|heap",
        "ExecutorLostFailure (executor 1 exited caused by one of the running tasks) Reason: Container killed by YARN "
            + "for exceeding physical memory limits. 5.5 GB of 5.5 GB physical memory used.|off-heap",
        "The executor with id 4 exited with exit code 137(SIGKILL, possible container OOM).|off-heap",
        "java.lang.OutOfMemoryError: Physical memory usage is too high: physicalBytes (9G) > maxPhysicalBytes "
            + "(8G)|off-heap",
    })
    void executorFailuresNameTheExecutorSetting(String reason, String kind) {
        SparkException failure = new SparkException("Job aborted due to stage failure: Task 1 in stage 2.0 failed 4 "
                + "times, most recent failure: " + reason);
        assertEquals(Optional.of(kind.equals("heap") ? HEAP : OFF_HEAP), MemoryFailure.explain(
                new RuntimeException("round 3 failed", failure)));
    }

    @Test
    void anEarlierAttemptsExecutorKilledBeforeSparkStoppedNamesTheExecutorSetting() {
        IllegalStateException stopped = new IllegalStateException("Spark stopped while epoch 1 was running or waiting "
                + "for executors (its cluster manager may have ended the application; see its log)");
        stopped.addSuppressed(new SparkException("Could not recover from a failed barrier ResultStage. Most recent "
                + "failure reason: ExecutorLostFailure (executor 1 exited caused by one of the running tasks) Reason: "
                + "Container killed by YARN for exceeding physical memory limits. 600 MB of 513 MB physical memory "
                + "used."));
        assertEquals(Optional.of(OFF_HEAP), MemoryFailure.explain(stopped));
        assertEquals(Optional.empty(), MemoryFailure.explain(new IllegalStateException(stopped.getMessage())));
    }

    @Test
    void theDriverRunningOutOfHeapNamesTheDriverSetting() {
        assertEquals(Optional.of("the driver ran out of memory (java.lang.OutOfMemoryError: Java heap space); raise "
                + "SPARKFIT_DRIVER_MEMORY (scripts/sparkfit) or spark-submit --driver-memory"), MemoryFailure.explain(
                new IllegalStateException("collect failed", new OutOfMemoryError("Java heap space"))));
    }

    @Test
    void otherFailuresAreNotMistakenForMemory() {
        assertEquals(Optional.empty(), MemoryFailure.explain(new SparkException("Job aborted due to stage failure: "
                + "ExecutorLostFailure Reason: Command exited with code 1 (java.io.IOException: exceeding quota)")));
    }
}
