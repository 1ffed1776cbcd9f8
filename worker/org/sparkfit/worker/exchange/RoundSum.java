package org.sparkfit.worker.exchange;

import java.util.Arrays;

/**
 * One exchange's sums of its round buffers, each with the round's totals at its tail: the examples the worker
 * fitted, their summed loss, and one slot per rank for how long the worker took since the previous sum ended (its
 * own slot set, the others zero). The sum then carries every worker's time, so each knows how long it waited in
 * the sum for the slowest, which the epoch's timing tells apart from the exchange itself. Times start when the
 * exchange opens, right after the tasks meet.
 */
final class RoundSum {
    private final Collective collective;
    private long lastEnd = System.nanoTime();
    private long examples;
    private double lossSum;
    private long waitNanos;

    RoundSum(Collective collective) {
        this.collective = collective;
    }

    /** The tail's length: what a buffer holds after the values it sums. */
    int tailLength() {
        return 2 + collective.size();
    }

    /** Writes this worker's round into the tail at {@code at} and sums {@code buffer} over the workers. */
    void sum(float[] buffer, int at, long examples, double lossSum) {
        long arrived = System.nanoTime();
        long worked = arrived - lastEnd;
        buffer[at] = examples;
        buffer[at + 1] = (float) lossSum;
        Arrays.fill(buffer, at + 2, at + tailLength(), 0f);
        buffer[at + 2 + collective.rank()] = worked / 1e6f;
        collective.allreduceSum(buffer);
        lastEnd = System.nanoTime();
        this.examples = (long) buffer[at];
        this.lossSum = buffer[at + 1];
        float slowest = 0;
        for (int r = 0; r < collective.size(); r++) {
            slowest = Math.max(slowest, buffer[at + 2 + r]);
        }
        waitNanos = Math.min(lastEnd - arrived, Math.max(0, (long) (slowest * 1e6) - worked));
    }

    /** The examples all workers fitted in the round last summed. */
    long examples() {
        return examples;
    }

    /** Their summed loss. */
    double lossSum() {
        return lossSum;
    }

    /** How long this worker waited in the last sum for the slowest worker to arrive. */
    long waitNanos() {
        return waitNanos;
    }
}
