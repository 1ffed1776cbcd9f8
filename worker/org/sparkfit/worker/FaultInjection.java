package org.sparkfit.worker;

import org.apache.spark.TaskContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.sparkfit.worker.exchange.Exchange;

/**
 * Faults the tests inject into a real Spark job, to check that a failed task or a lost executor is recovered from
 * and loses nothing. With the JVM property {@code sparkfit.faults.failFirstAttempt=EPOCH/ROUND/PARTITION} (1-based
 * epoch and round) the task of that partition throws at the start of that round; with the environment variable
 * {@code SPARKFIT_FAULTS_HALT_FIRST_ATTEMPT=EPOCH/ROUND/PARTITION} (an executor's environment, since Spark refuses
 * executor JVM options that start with {@code -Dspark}) its executor's JVM halts there, as a killed executor would,
 * in the middle of the epoch's stage. Both fire on the epoch's first attempt only (the driver then runs the whole
 * barrier stage again, as attempt {@link EpochTask#ATTEMPT_PROPERTY} 1). It wraps the task's {@link Exchange}, so
 * the training loop knows nothing of it, and only when a fault is set for that task's epoch and partition. Never
 * set outside tests.
 */
final class FaultInjection implements Exchange {
    static final String PROPERTY = "sparkfit.faults.failFirstAttempt";
    static final String HALT_VARIABLE = "SPARKFIT_FAULTS_HALT_FIRST_ATTEMPT";

    private final Exchange exchange;
    private final int epoch;
    private final int partition;
    private int round;
    private boolean started;

    private FaultInjection(Exchange exchange, int epoch, int partition) {
        this.exchange = exchange;
        this.epoch = epoch;
        this.partition = partition;
    }

    /** {@code exchange}, wrapped when a fault is set for this task's epoch (0-based) and partition. */
    static Exchange around(Exchange exchange, int epoch, int partition) {
        String prefix = (epoch + 1) + "/";
        String suffix = "/" + partition;
        for (String fault : new String[] {System.getProperty(PROPERTY), System.getenv(HALT_VARIABLE)}) {
            if (fault != null && fault.startsWith(prefix) && fault.endsWith(suffix)) {
                return new FaultInjection(exchange, epoch, partition);
            }
        }
        return exchange;
    }

    @Override
    public void fit(MultiLayerNetwork net, DataSet batch) {
        roundStarts();
        exchange.fit(net, batch);
    }

    @Override
    public RoundTotals endRound(MultiLayerNetwork net, long examples, double lossSum) {
        roundStarts();
        started = false;
        round++;
        return exchange.endRound(net, examples, lossSum);
    }

    private void roundStarts() {
        if (started) {
            return;
        }
        started = true;
        if (firstAttemptAt(System.getProperty(PROPERTY))) {
            throw new IllegalStateException("injected fault: first attempt of epoch " + (epoch + 1) + ", round "
                    + (round + 1) + ", partition " + partition);
        }
        if (firstAttemptAt(System.getenv(HALT_VARIABLE))) {
            Runtime.getRuntime().halt(137);
        }
    }

    private boolean firstAttemptAt(String fault) {
        TaskContext task = TaskContext.get();
        return fault != null && task != null && "0".equals(task.getLocalProperty(EpochTask.ATTEMPT_PROPERTY))
                && fault.equals((epoch + 1) + "/" + (round + 1) + "/" + partition);
    }
}
