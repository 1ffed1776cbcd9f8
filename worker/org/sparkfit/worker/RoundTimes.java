package org.sparkfit.worker;

import java.io.Serializable;

/**
 * Where a round's time went on the executors, merged over its tasks: the longest task (from its start to its
 * result), the longest local fit (the mini-batches alone), and the fit time summed over all tasks. The driver
 * compares them with the round's wall time to see what Spark itself cost.
 */
public final class RoundTimes implements Serializable {
    private static final long serialVersionUID = 1L;

    private long taskNanosMax;
    private long fitNanosMax;
    private long fitNanosSum;

    static RoundTimes ofFit(long fitNanos) {
        RoundTimes times = new RoundTimes();
        times.fitNanosMax = fitNanos;
        times.fitNanosSum = fitNanos;
        return times;
    }

    void task(long nanos) {
        taskNanosMax = nanos;
    }

    RoundTimes merge(RoundTimes other) {
        taskNanosMax = Math.max(taskNanosMax, other.taskNanosMax);
        fitNanosMax = Math.max(fitNanosMax, other.fitNanosMax);
        fitNanosSum += other.fitNanosSum;
        return this;
    }

    public double taskSecondsMax() {
        return taskNanosMax / 1e9;
    }

    public double fitSecondsMax() {
        return fitNanosMax / 1e9;
    }

    public double fitSecondsSum() {
        return fitNanosSum / 1e9;
    }
}
