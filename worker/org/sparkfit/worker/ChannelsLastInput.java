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
 * The first step of a network whose input is an image or a sequence: turns the flat rows sparkfit trains on, laid
 * out as Keras lays out {@code dims} ([height, width, channels] or [timesteps, features]), into the channels-first
 * array DL4J's convolution and recurrent layers take.
 */
public final class ChannelsLastInput extends ChannelsLastReshape {
    private static final long serialVersionUID = 1L;

    @JsonCreator
    public ChannelsLastInput(@JsonProperty("dims") int[] dims) {
        super(checked(dims));
    }

    private static int[] checked(int[] dims) {
        if (dims.length != 2 && dims.length != 3) {
            throw new IllegalArgumentException("an image [h, w, c] or a sequence [t, f], got " + Arrays.toString(dims));
        }
        return dims;
    }

    @Override
    public INDArray preProcess(INDArray input, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        return workspaceMgr.dup(ArrayType.ACTIVATIONS, KerasLayout.toChannelsFirst(input, dims), 'c');
    }

    /** The gradient in sparkfit's row layout; none when the first layer computed none (the training shortcuts). */
    @Override
    public INDArray backprop(INDArray output, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        if (output == null) {
            return null;
        }
        return workspaceMgr.leverageTo(ArrayType.ACTIVATION_GRAD, KerasLayout.toRows(output));
    }

    @Override
    public InputPreProcessor clone() {
        return new ChannelsLastInput(dims);
    }

    @Override
    public InputType getOutputType(InputType inputType) {
        return dims.length == 3 ? InputType.convolutional(dims[0], dims[1], dims[2])
                : InputType.recurrent(dims[1], dims[0]);
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray, MaskState currentMaskState,
                                                          int minibatchSize) {
        return new Pair<>(maskArray, currentMaskState);
    }
}
