package org.sparkfit.worker.exchange;

import java.util.Arrays;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.sparkfit.worker.FlatState;
import org.sparkfit.worker.step.LocalStep;

/**
 * {@code spark.exchange: averaging}: each worker fits {@code averaging_frequency} mini-batches on its own, then the
 * workers' parameters and optimizer state are averaged, weighted by the examples each fitted, through one
 * allreduce of the flat state with the round's totals appended ({@link RoundSum}). A worker with no mini-batch left
 * in a round adds nothing and takes the average. The buffer is allocated once and reused by every round.
 */
public final class ParameterAveraging implements Exchange {
    private static final int EXPONENT = 0x7f800000;
    private static final int EXPONENT_UNIT = 0x00800000;
    private final RoundSum sums;
    private float[] buffer;

    public ParameterAveraging(Collective collective) {
        this.sums = new RoundSum(collective);
    }

    @Override
    public void fit(MultiLayerNetwork net, DataSet batch) {
        LocalStep.fit(net, batch);
    }

    @Override
    public RoundTotals endRound(MultiLayerNetwork net, long examples, double lossSum) {
        int n = FlatState.length(net);
        if (buffer == null) {
            buffer = new float[n + sums.tailLength()];
        }
        if (examples > 0) {
            float weight = (float) examples;
            FlatState.copyInto(net, buffer, (values, from, to) -> {
                for (int i = from; i < to; i++) {
                    values[i] *= weight;
                }
            });
        } else {
            Arrays.fill(buffer, 0, n, 0f);
        }
        sums.sum(buffer, n, examples, lossSum);
        long total = sums.examples();
        double loss = sums.lossSum();
        Division averages = new Division(total);
        FlatState.applyLeading(buffer, net, averages);
        String divergence = Double.isFinite(loss) ? null : "the loss is " + (loss / total);
        if (divergence == null && averages.exponents < 0) {
            divergence = "a weight became " + firstNonFinite(buffer, n);
        }
        return new RoundTotals(total, loss, divergence, 0, sums.waitNanos());
    }

    /**
     * Divides each run of summed values by the examples, in float: the correctly rounded quotient, which is the bits
     * of the double {@code (float) (sum * (1.0 / total))} this once computed wherever the quotient is a normal float
     * and the total under 2^24 (that path's error, 2^-52, is far inside the quotient's distance from any rounding
     * boundary), and takes a vectorized division instead of two conversions per value. Then notes in
     * {@link #exponents} whether an average is infinite or not a number, in a second loop so the first vectorizes.
     */
    private static final class Division implements FlatState.Chunk {
        private final float total;
        // Each exponent plus one unit overflows into the sign bit only from all ones: an infinity or NaN.
        private int exponents;

        Division(long total) {
            this.total = (float) total;
        }

        @Override
        public void on(float[] values, int from, int to) {
            float divisor = total;
            for (int i = from; i < to; i++) {
                values[i] /= divisor;
            }
            int seen = 0;
            for (int i = from; i < to; i++) {
                seen |= (Float.floatToRawIntBits(values[i]) & EXPONENT) + EXPONENT_UNIT;
            }
            exponents |= seen;
        }
    }

    private static float firstNonFinite(float[] values, int n) {
        for (int i = 0; i < n; i++) {
            if (!Float.isFinite(values[i])) {
                return values[i];
            }
        }
        throw new IllegalStateException("every value is finite");
    }
}
