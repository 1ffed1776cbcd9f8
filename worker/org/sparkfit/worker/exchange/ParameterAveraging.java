package org.sparkfit.worker.exchange;

import java.util.Arrays;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.sparkfit.worker.FlatState;
import org.sparkfit.worker.NativeState;
import org.sparkfit.worker.step.LocalStep;

/**
 * {@code spark.exchange: averaging}: each worker fits {@code averaging_frequency} mini-batches on its own, then the
 * workers' parameters and optimizer state are averaged, weighted by the examples each fitted, through one
 * allreduce of the state with the round's totals ({@link RoundSum}), read from and written into the network's own
 * memory. A worker with no mini-batch left in a round adds nothing and takes the average.
 */
public final class ParameterAveraging implements Exchange {
    private static final int EXPONENT = 0x7f800000;
    private static final int EXPONENT_UNIT = 0x00800000;
    private final RoundSum sums;

    public ParameterAveraging(Collective collective) {
        this.sums = new RoundSum(collective);
    }

    @Override
    public void fit(MultiLayerNetwork net, DataSet batch) {
        LocalStep.fit(net, batch);
    }

    @Override
    public RoundTotals endRound(MultiLayerNetwork net, long examples, double lossSum) {
        int marks = sums.sum(new WeightedState(NativeState.of(net), examples), examples, lossSum);
        long total = sums.examples();
        double loss = sums.lossSum();
        String divergence = Double.isFinite(loss) ? null : "the loss is " + (loss / total);
        if (divergence == null && marks < 0) {
            divergence = "a weight became " + firstNonFinite(FlatState.of(net));
        }
        return new RoundTotals(total, loss, divergence, 0, sums.waitNanos());
    }

    /**
     * A worker's state times the examples it fitted (zeros when it fitted none), weighted run by run as it is read,
     * and the sums divided by all workers' examples as they are finished: in float, the correctly rounded quotient,
     * which is the bits of the double {@code (float) (sum * (1.0 / total))} this once computed wherever the quotient
     * is a normal float and the total under 2^24 (that path's error, 2^-52, is far inside the quotient's distance
     * from any rounding boundary), and a vectorized division instead of two conversions per value. Finishing
     * returns the runs' exponents plus one unit, which overflows into the sign bit only from all ones: negative
     * when an average is infinite or not a number (a second loop, so that the first vectorizes).
     */
    private static final class WeightedState implements Summands {
        private final NativeState state;
        private final float weight;

        WeightedState(NativeState state, long examples) {
            this.state = state;
            this.weight = examples;
        }

        @Override
        public int length() {
            return state.length();
        }

        @Override
        public void read(int from, int to, float[] into, int at) {
            int end = at + to - from;
            if (weight == 0) {
                Arrays.fill(into, at, end, 0f);
                return;
            }
            state.get(from, to, into, at);
            for (int i = at; i < end; i++) {
                into[i] *= weight;
            }
        }

        @Override
        public int finish(float[] totals, int from, int to, float[] sums, int at) {
            float divisor = RoundSum.examples(totals);
            int end = at + to - from;
            for (int i = at; i < end; i++) {
                sums[i] /= divisor;
            }
            int seen = 0;
            for (int i = at; i < end; i++) {
                seen |= (Float.floatToRawIntBits(sums[i]) & EXPONENT) + EXPONENT_UNIT;
            }
            return seen;
        }

        @Override
        public void write(int from, int to, float[] sums, int at) {
            state.put(from, to, sums, at);
        }
    }

    private static float firstNonFinite(float[] values) {
        for (float value : values) {
            if (!Float.isFinite(value)) {
                return value;
            }
        }
        throw new IllegalStateException("every value is finite");
    }
}
