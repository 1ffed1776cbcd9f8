package org.sparkfit.worker;

import org.apache.spark.TaskContext;

/**
 * Faults the tests inject into a real Spark job, to check that a failed task or a lost executor is recovered from
 * and loses nothing. With the JVM property {@code sparkfit.faults.failFirstAttempt=EPOCH/ROUND/PARTITION} (1-based
 * epoch and round) the task of that partition throws at the start of that round; with the environment variable
 * {@code SPARKFIT_FAULTS_HALT_FIRST_ATTEMPT=EPOCH/ROUND/PARTITION} (an executor's environment, since Spark refuses
 * executor JVM options that start with {@code -Dspark}) its executor's JVM halts there, as a killed executor would,
 * in the middle of the epoch's stage. Both fire on the epoch's first attempt only (the driver then runs the whole
 * barrier stage again, as attempt {@link EpochTask#ATTEMPT_PROPERTY} 1). Never set outside tests.
 */
final class FaultInjection {
    static final String PROPERTY = "sparkfit.faults.failFirstAttempt";
    static final String HALT_VARIABLE = "SPARKFIT_FAULTS_HALT_FIRST_ATTEMPT";

    private FaultInjection() {
    }

    static void beforeRound(int epoch, int round, int partition) {
        if (firstAttemptAt(System.getProperty(PROPERTY), epoch, round, partition)) {
            throw new IllegalStateException("injected fault: first attempt of epoch " + (epoch + 1) + ", round "
                    + (round + 1) + ", partition " + partition);
        }
        if (firstAttemptAt(System.getenv(HALT_VARIABLE), epoch, round, partition)) {
            Runtime.getRuntime().halt(137);
        }
    }

    private static boolean firstAttemptAt(String fault, int epoch, int round, int partition) {
        TaskContext task = TaskContext.get();
        return fault != null && task != null && "0".equals(task.getLocalProperty(EpochTask.ATTEMPT_PROPERTY))
                && fault.equals((epoch + 1) + "/" + (round + 1) + "/" + partition);
    }
}
