package org.sparkfit.worker.exchange;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.sparkfit.worker.NativeFloats;
import org.sparkfit.worker.step.LocalStep;

/**
 * {@code spark.exchange: allreduce}: single-process training on the global mini-batch. Every round is one
 * mini-batch: each worker computes the gradient of its part of the batch (DL4J's gradients are sums over the
 * examples), the gradients are summed through one allreduce, and every worker applies the same optimizer step,
 * divided by the global batch's size, to the same state, so all workers stay equal without exchanging weights.
 * Values that DL4J updates rather than differentiates (batch normalization's running mean and variance) are
 * averaged over the workers that fitted. A worker whose part has run out of mini-batches adds nothing and takes
 * the step.
 */
public final class GradientAllreduce implements Exchange {
    private final RoundSum sums;
    private List<int[]> averagedRanges;

    public GradientAllreduce(Collective collective) {
        this.sums = new RoundSum(collective);
    }

    /** Computes this worker's gradient for {@code batch}; the step waits for the others' in {@link #endRound}. */
    @Override
    public void fit(MultiLayerNetwork net, DataSet batch) {
        LocalStep.gradient(net, batch);
    }

    @Override
    public RoundTotals endRound(MultiLayerNetwork net, long examples, double lossSum) {
        if (net.gradient() == null) {
            throw new IllegalStateException("a worker ends its first round of an allreduce without a mini-batch");
        }
        if (averagedRanges == null) {
            averagedRanges = updatedNotDifferentiated(net);
        }
        sums.sum(new Gradient(net.getGradientsViewArray(), examples > 0, averagedRanges), examples, lossSum);
        long total = sums.examples();
        double loss = sums.lossSum();
        if (!Double.isFinite(loss)) {
            return new RoundTotals(total, loss, "the loss is " + (loss / total), 0, sums.waitNanos());
        }
        long stepStart = System.nanoTime();
        LocalStep.apply(net, Math.toIntExact(total));
        return new RoundTotals(total, loss, null, System.nanoTime() - stepStart, sums.waitNanos());
    }

    /**
     * A worker's flat gradient in its native view (zeros when it fitted nothing this round); the sums of the
     * {@link #updatedNotDifferentiated} ranges are divided by the workers that fitted as they are finished.
     */
    private record Gradient(INDArray array, FloatBuffer view, boolean fitted, List<int[]> averagedRanges)
            implements Summands {

        /** The gradient in {@code array}'s memory, which the record holds so that it lives while others reach it. */
        Gradient(INDArray array, boolean fitted, List<int[]> averagedRanges) {
            this(array, NativeFloats.of(array), fitted, averagedRanges);
        }

        @Override
        public int length() {
            return view.limit();
        }

        @Override
        public void read(int from, int to, float[] into, int at) {
            if (fitted) {
                view.get(from, into, at, to - from);
            } else {
                Arrays.fill(into, at, at + to - from, 0f);
            }
        }

        @Override
        public int finish(float[] totals, int from, int to, float[] sums, int at) {
            float contributors = RoundSum.fitted(totals);
            for (int[] range : averagedRanges) {
                for (int i = Math.max(from, range[0]); i < Math.min(to, range[1]); i++) {
                    sums[at + i - from] /= contributors;
                }
            }
            return 0;
        }

        @Override
        public void write(int from, int to, float[] sums, int at) {
            view.put(from, sums, at, to - from);
        }
    }

    /**
     * The index ranges of the flat gradient that DL4J does not divide by the batch size, because they hold updates
     * of running statistics rather than gradients: these are averaged, not summed.
     */
    private static List<int[]> updatedNotDifferentiated(MultiLayerNetwork net) {
        List<int[]> ranges = new ArrayList<>();
        int at = 0;
        for (Layer layer : net.getLayers()) {
            for (var param : layer.paramTable(false).entrySet()) {
                int length = Math.toIntExact(param.getValue().length());
                if (!layer.updaterDivideByMinibatch(param.getKey())) {
                    ranges.add(new int[] {at, at + length});
                }
                at += length;
            }
        }
        return ranges;
    }
}
