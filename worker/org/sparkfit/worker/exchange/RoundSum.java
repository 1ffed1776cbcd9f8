package org.sparkfit.worker.exchange;

import java.util.Arrays;

/**
 * One exchange's sums, each with the round's totals: the examples the worker fitted, their summed loss, whether it
 * fitted any, and one slot per rank for how long the worker took since the previous sum ended (its own slot set,
 * the others zero). The sum then carries every worker's time, so each knows how long it waited in the sum for the
 * slowest, which the epoch's timing tells apart from the exchange itself. Times start when the exchange opens, right
 * after the tasks meet.
 */
final class RoundSum {
    private static final int EXAMPLES = 0;
    private static final int LOSS = 1;
    private static final int FITTED = 2;
    private static final int TIMES = 3;
    private final Collective collective;
    private final float[] totals;
    private long lastEnd = System.nanoTime();
    private long examples;
    private double lossSum;
    private long waitNanos;

    RoundSum(Collective collective) {
        this.collective = collective;
        this.totals = new float[TIMES + collective.size()];
    }

    /**
     * Sums {@code summands} over the workers with this worker's round as the totals, which their
     * {@link Summands#finish} reads through {@link #examples(float[])} and {@link #fitted(float[])}.
     *
     * @return the OR of what finishing returned ({@link Collective#allreduceSum(float[], Summands)})
     */
    int sum(Summands summands, long examples, double lossSum) {
        long arrived = System.nanoTime();
        long worked = arrived - lastEnd;
        totals[EXAMPLES] = examples;
        totals[LOSS] = (float) lossSum;
        totals[FITTED] = examples > 0 ? 1 : 0;
        Arrays.fill(totals, TIMES, totals.length, 0f);
        totals[TIMES + collective.rank()] = worked / 1e6f;
        int marks = collective.allreduceSum(totals, summands);
        lastEnd = System.nanoTime();
        this.examples = examples(totals);
        this.lossSum = totals[LOSS];
        float slowest = 0;
        for (int r = 0; r < collective.size(); r++) {
            slowest = Math.max(slowest, totals[TIMES + r]);
        }
        waitNanos = Math.min(lastEnd - arrived, Math.max(0, (long) (slowest * 1e6) - worked));
        return marks;
    }

    /** The examples all workers fitted, from summed totals. */
    static long examples(float[] totals) {
        return (long) totals[EXAMPLES];
    }

    /** How many workers fitted examples, from summed totals. */
    static float fitted(float[] totals) {
        return totals[FITTED];
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
