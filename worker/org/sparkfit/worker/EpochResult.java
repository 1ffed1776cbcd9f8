package org.sparkfit.worker;

import java.io.Serializable;

/**
 * What one task of a training stage reports to the driver for each epoch it ends ({@link EpochReport}): its part's
 * training scores and held-out scores, where its time went, the {@link FlatState#fingerprint} of the state its
 * network ends with (the driver checks that every worker ended on the same), and (from the task of partition 0
 * alone, since every worker ends with the same state) that state and the iteration count after the epoch. A task
 * whose rounds diverged reports where and what instead; every task of the stage sees the same divergence at the
 * same round.
 */
public record EpochResult(int partition, Scores training, Scores heldOut, float[] state, long fingerprint,
                          int iteration, String divergence, int divergedRound, Times times) implements Serializable {

    static EpochResult diverged(int partition, int round, String what) {
        return new EpochResult(partition, null, null, null, 0, -1, what, round, null);
    }

    /** This result with {@code state} instead of its own (which travels beside the rest, {@link EpochReport}). */
    EpochResult withState(float[] state) {
        return new EpochResult(partition, training, heldOut, state, fingerprint, iteration, divergence, divergedRound,
                times);
    }

    /**
     * A task's time in nanoseconds: fitting its mini-batches, waiting in the exchange for a slower worker to finish
     * fitting, in the exchange otherwise, and scoring the held-out part.
     */
    public static final class Times implements Serializable {
        private static final long serialVersionUID = 1L;

        private long fit;
        private long waiting;
        private long exchange;
        private long evaluation;

        void fit(long nanos) {
            fit += nanos;
        }

        void waiting(long nanos) {
            waiting += nanos;
        }

        void exchange(long nanos) {
            exchange += nanos;
        }

        void evaluation(long nanos) {
            evaluation += nanos;
        }

        public double fitSeconds() {
            return fit / 1e9;
        }

        public double waitSeconds() {
            return waiting / 1e9;
        }

        public double exchangeSeconds() {
            return exchange / 1e9;
        }

        public double evaluationSeconds() {
            return evaluation / 1e9;
        }

        public double totalSeconds() {
            return (fit + waiting + exchange + evaluation) / 1e9;
        }
    }
}
