package org.sparkfit.worker;

import org.apache.spark.TaskContext;

/**
 * A fault the tests inject into a real Spark job, to check that a failed task is retried and loses nothing: with
 * the JVM property {@code sparkfit.faults.failFirstAttempt=EPOCH/ROUND/PARTITION} (1-based epoch and round), the
 * task of that partition throws at the start of that round, on the first attempt of the epoch's stage only (Spark
 * then reruns the whole barrier stage). Never set outside tests.
 */
final class FaultInjection {
    static final String PROPERTY = "sparkfit.faults.failFirstAttempt";

    private FaultInjection() {
    }

    static void beforeRound(int epoch, int round, int partition) {
        String fault = System.getProperty(PROPERTY);
        TaskContext task = TaskContext.get();
        if (fault != null && task != null && task.attemptNumber() == 0 && task.stageAttemptNumber() == 0
                && fault.equals((epoch + 1) + "/" + (round + 1) + "/" + partition)) {
            throw new IllegalStateException("injected fault: first attempt of epoch " + (epoch + 1) + ", round "
                    + (round + 1) + ", partition " + partition);
        }
    }
}
