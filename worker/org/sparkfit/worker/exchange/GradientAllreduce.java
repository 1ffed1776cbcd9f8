package org.sparkfit.worker.exchange;

import java.nio.FloatBuffer;
import java.util.ArrayList;
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
    private float[] buffer;
    private List<int[]> averagedRanges;
    private boolean fitted;

    public GradientAllreduce(Collective collective) {
        this.sums = new RoundSum(collective);
    }

    /** Computes this worker's gradient for {@code batch}; the step waits for the others' in {@link #endRound}. */
    @Override
    public void fit(MultiLayerNetwork net, DataSet batch) {
        LocalStep.gradient(net, batch);
        fitted = true;
    }

    @Override
    public RoundTotals endRound(MultiLayerNetwork net, long examples, double lossSum) {
        if (net.gradient() == null) {
            throw new IllegalStateException("a worker ends its first round of an allreduce without a mini-batch");
        }
        INDArray view = net.getGradientsViewArray();
        int n = Math.toIntExact(view.length());
        if (buffer == null) {
            buffer = new float[n + 1 + sums.tailLength()];
            averagedRanges = updatedNotDifferentiated(net);
        }
        FloatBuffer values = NativeFloats.of(view);
        if (fitted) {
            values.get(buffer, 0, n);
        } else {
            java.util.Arrays.fill(buffer, 0, n, 0f);
        }
        buffer[n] = fitted ? 1 : 0;
        sums.sum(buffer, n + 1, examples, lossSum);
        float contributors = buffer[n];
        long total = sums.examples();
        double loss = sums.lossSum();
        for (int[] range : averagedRanges) {
            for (int i = range[0]; i < range[1]; i++) {
                buffer[i] /= contributors;
            }
        }
        values.position(0);
        values.put(buffer, 0, n);
        fitted = false;
        if (!Double.isFinite(loss)) {
            return new RoundTotals(total, loss, "the loss is " + (loss / total), 0, sums.waitNanos());
        }
        long stepStart = System.nanoTime();
        LocalStep.apply(net, Math.toIntExact(total));
        return new RoundTotals(total, loss, null, System.nanoTime() - stepStart, sums.waitNanos());
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
