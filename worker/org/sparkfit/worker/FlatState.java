package org.sparkfit.worker;

import java.util.Arrays;
import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A network's trainable state as one float array: all parameters, then the optimizer's state (RMSProp's running
 * averages, Adam's moments...). This is what the driver broadcasts and averages, so averaging covers both.
 */
public final class FlatState {
    private FlatState() {
    }

    public static int length(MultiLayerNetwork net) {
        return Math.toIntExact(net.numParams() + stateLength(net));
    }

    public static float[] of(MultiLayerNetwork net) {
        float[] params = net.params().toFloatVector();
        INDArray state = updaterState(net);
        if (state == null) {
            return params;
        }
        float[] stateValues = state.toFloatVector();
        float[] out = new float[params.length + stateValues.length];
        System.arraycopy(params, 0, out, 0, params.length);
        System.arraycopy(stateValues, 0, out, params.length, stateValues.length);
        return out;
    }

    /** Loads parameters and, where present, optimizer state from {@code flat}. */
    public static void apply(float[] flat, MultiLayerNetwork net) {
        int numParams = Math.toIntExact(net.numParams());
        if (flat.length != length(net)) {
            throw new IllegalArgumentException("state of length " + flat.length + " does not fit a network of "
                    + numParams + " parameters and " + stateLength(net) + " optimizer values");
        }
        applyParams(flat, net);
        INDArray state = updaterState(net);
        if (state != null) {
            float[] tail = Arrays.copyOfRange(flat, numParams, flat.length);
            state.assign(Nd4j.create(tail, state.shape(), 'c'));
        }
    }

    /** Loads parameters only (enough to predict); {@code flat} may carry optimizer state after them. */
    public static void applyParams(float[] flat, MultiLayerNetwork net) {
        int numParams = Math.toIntExact(net.numParams());
        INDArray params = net.params();
        params.assign(Nd4j.create(Arrays.copyOf(flat, numParams), params.shape(), 'c'));
    }

    private static long stateLength(MultiLayerNetwork net) {
        INDArray state = updaterState(net);
        return state == null ? 0 : state.length();
    }

    private static INDArray updaterState(MultiLayerNetwork net) {
        Updater updater = net.getUpdater(true);
        INDArray state = updater == null ? null : updater.getStateViewArray();
        return state == null || state.isEmpty() ? null : state;
    }
}
