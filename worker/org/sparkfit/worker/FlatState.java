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
        float[] out = new float[length(net)];
        INDArray params = net.params();
        copy(params, out, 0);
        INDArray state = updaterState(net);
        if (state != null) {
            copy(state, out, Math.toIntExact(params.length()));
        }
        return out;
    }

    /**
     * A 64-bit digest of a state's exact bits, so that a worker can tell whether its network holds the state the
     * driver names without the state travelling.
     */
    public static long fingerprint(float[] state) {
        return fingerprint(fingerprintStart(state.length), state, 0, state.length);
    }

    /** Where a {@link #fingerprint} of {@code length} values starts, before it goes over them. */
    static long fingerprintStart(int length) {
        return 0x243F6A8885A308D3L ^ length;
    }

    /** Continues a {@link #fingerprint} from {@code hash} over {@code values[from..to)}, the state's next values. */
    static long fingerprint(long hash, float[] values, int from, int to) {
        for (int i = from; i < to; i++) {
            hash = (hash ^ Float.floatToRawIntBits(values[i])) * 0x9E3779B97F4A7C15L;
            hash ^= hash >>> 29;
        }
        return hash;
    }

    /** Loads parameters and, where present, optimizer state from {@code flat}, which must be the state's length. */
    public static void apply(float[] flat, MultiLayerNetwork net) {
        if (flat.length != length(net)) {
            throw new IllegalArgumentException("state of length " + flat.length + " does not fit a network of "
                    + net.numParams() + " parameters and " + stateLength(net) + " optimizer values");
        }
        applyParams(flat, net);
        INDArray state = updaterState(net);
        if (state != null) {
            copy(flat, Math.toIntExact(net.numParams()), state);
        }
    }

    /** Loads parameters only (enough to predict); {@code flat} may carry optimizer state after them. */
    public static void applyParams(float[] flat, MultiLayerNetwork net) {
        copy(flat, 0, net.params());
    }

    /**
     * Copies {@code target.length()} values from {@code source[from..]} into {@code target} in its linear order: one
     * copy straight into native memory where the array is a dense float vector (the flattened parameter and updater
     * views are), otherwise through an intermediate array.
     */
    private static void copy(float[] source, int from, INDArray target) {
        int n = Math.toIntExact(target.length());
        if (NativeFloats.isDense(target)) {
            NativeFloats.of(target).put(source, from, n);
        } else {
            target.assign(Nd4j.create(Arrays.copyOfRange(source, from, from + n), target.shape(), 'c'));
        }
    }

    private static void copy(INDArray source, float[] target, int at) {
        int n = Math.toIntExact(source.length());
        if (NativeFloats.isDense(source)) {
            NativeFloats.of(source).get(target, at, n);
        } else {
            System.arraycopy(source.toFloatVector(), 0, target, at, n);
        }
    }

    private static long stateLength(MultiLayerNetwork net) {
        INDArray state = updaterState(net);
        return state == null ? 0 : state.length();
    }

    /** The optimizer's state as one array, or null when the optimizer keeps none. */
    static INDArray updaterState(MultiLayerNetwork net) {
        Updater updater = net.getUpdater(true);
        INDArray state = updater == null ? null : updater.getStateViewArray();
        return state == null || state.isEmpty() ? null : state;
    }
}
