package org.sparkfit.worker;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Keras' Huber loss, which ND4J lacks: per output {@code 0.5 * e^2} for errors {@code |e| <= delta}, else
 * {@code delta * (|e| - 0.5 * delta)}, averaged over the outputs of an example. Squared near the target and
 * linear far from it, so outliers pull less than under mse.
 */
public final class HuberLoss implements ILossFunction {
    private static final long serialVersionUID = 1L;

    @JsonProperty("delta")
    private final double delta;

    @JsonCreator
    public HuberLoss(@JsonProperty("delta") double delta) {
        this.delta = delta;
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray error = activationFn.getActivation(preOutput.dup(), true).subi(labels);
        INDArray abs = Transforms.abs(error, true);
        INDArray small = abs.lte(delta).castTo(error.dataType());
        INDArray quadratic = error.mul(error).muli(0.5);
        INDArray linear = abs.sub(0.5 * delta).muli(delta);
        INDArray perOutput = quadratic.muli(small).addi(linear.muli(small.rsub(1)));
        INDArray perExample = perOutput.mean(true, 1);
        return mask == null ? perExample : perExample.muli(mask.reshape(perExample.shape()));
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
                               boolean average) {
        INDArray scores = computeScoreArray(labels, preOutput, activationFn, mask);
        double sum = scores.sumNumber().doubleValue();
        return average ? sum / scores.size(0) : sum;
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray error = activationFn.getActivation(preOutput.dup(), true).subi(labels);
        // d/de: e inside [-delta, delta], delta * sign(e) outside; then the mean over outputs.
        INDArray dLdOut = Transforms.max(Transforms.min(error, delta, true), -delta, false).divi(labels.size(1));
        if (mask != null) {
            dLdOut.muliColumnVector(mask.reshape(mask.size(0), 1).castTo(dLdOut.dataType()));
        }
        return activationFn.backprop(preOutput.dup(), dLdOut).getFirst();
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput,
                                                          IActivation activationFn, INDArray mask, boolean average) {
        return new Pair<>(computeScore(labels, preOutput, activationFn, mask, average),
                computeGradient(labels, preOutput, activationFn, mask));
    }

    @Override
    public String name() {
        return "huber";
    }
}
