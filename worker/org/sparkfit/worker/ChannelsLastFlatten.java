package org.sparkfit.worker;

import java.util.Arrays;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Keras' Flatten after a convolution, embedding or recurrent layer: DL4J's channels-first image or sequence
 * becomes one row per example in Keras' channels-last order, so flattened features line up as in Keras. DL4J's
 * own sequence-to-dense step would instead make one row per time step.
 */
public final class ChannelsLastFlatten extends ChannelsLastReshape {
    private static final long serialVersionUID = 1L;

    /** @param dims the Keras shape being flattened: [height, width, channels] or [timesteps, features] */
    @JsonCreator
    public ChannelsLastFlatten(@JsonProperty("dims") int[] dims) {
        super(dims);
    }

    @Override
    public INDArray preProcess(INDArray input, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, KerasLayout.toRows(input));
    }

    @Override
    public INDArray backprop(INDArray output, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        return workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, KerasLayout.toChannelsFirst(output, dims), 'c');
    }

    @Override
    public InputPreProcessor clone() {
        return new ChannelsLastFlatten(dims);
    }

    @Override
    public InputType getOutputType(InputType inputType) {
        return InputType.feedForward(Arrays.stream(dims).asLongStream().reduce(1, (a, b) -> a * b));
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray, MaskState currentMaskState,
                                                          int minibatchSize) {
        return new Pair<>(null, currentMaskState);
    }
}
