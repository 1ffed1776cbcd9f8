package org.sparkfit.worker;

import java.nio.FloatBuffer;
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
        copyInto(net, out, Chunk.NONE);
        return out;
    }

    /**
     * Work on a run of a state's values while they are in cache, done as they move between the network and a flat
     * array: one pass over the state instead of a copy and a pass. Runs are {@link #CHUNK} values or fewer.
     */
    @FunctionalInterface
    public interface Chunk {
        Chunk NONE = (values, from, to) -> { };

        /** Works on {@code values[from..to)}. */
        void on(float[] values, int from, int to);
    }

    /** How many values a {@link Chunk} sees at a time: 16 KiB, well inside a core's first-level cache. */
    public static final int CHUNK = 4096;

    /**
     * Copies the state into the first {@link #length} values of {@code out}, which may hold more after them, running
     * {@code after} on each run of values once it is in.
     */
    public static void copyInto(MultiLayerNetwork net, float[] out, Chunk after) {
        INDArray params = net.params();
        copy(params, out, 0, after);
        INDArray state = updaterState(net);
        if (state != null) {
            copy(state, out, Math.toIntExact(params.length()), after);
        }
    }

    /**
     * A 64-bit digest of a state's exact bits, so that a worker can tell whether its network holds the state the
     * driver names without the state travelling.
     */
    public static long fingerprint(float[] state) {
        long hash = 0x243F6A8885A308D3L ^ state.length;
        for (float value : state) {
            hash = (hash ^ Float.floatToRawIntBits(value)) * 0x9E3779B97F4A7C15L;
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
        applyLeading(flat, net, Chunk.NONE);
    }

    /**
     * Loads the state from the first {@link #length} values of {@code flat}, which may hold more after them, running
     * {@code before} on each run of values first.
     */
    public static void applyLeading(float[] flat, MultiLayerNetwork net, Chunk before) {
        copy(flat, 0, net.params(), before);
        INDArray state = updaterState(net);
        if (state != null) {
            copy(flat, Math.toIntExact(net.numParams()), state, before);
        }
    }

    /** Loads parameters only (enough to predict); {@code flat} may carry optimizer state after them. */
    public static void applyParams(float[] flat, MultiLayerNetwork net) {
        copy(flat, 0, net.params(), Chunk.NONE);
    }

    /**
     * Copies {@code target.length()} values from {@code source[from..]} into {@code target} in its linear order,
     * running {@code before} on each run of them first: run by run straight into native memory where the array is a
     * dense float vector (the flattened parameter and updater views are), otherwise through an intermediate array.
     */
    private static void copy(float[] source, int from, INDArray target, Chunk before) {
        int n = Math.toIntExact(target.length());
        if (NativeFloats.isDense(target)) {
            FloatBuffer values = NativeFloats.of(target);
            for (int at = from, end = from + n; at < end; at += CHUNK) {
                int to = Math.min(end, at + CHUNK);
                before.on(source, at, to);
                values.put(source, at, to - at);
            }
        } else {
            before.on(source, from, from + n);
            target.assign(Nd4j.create(Arrays.copyOfRange(source, from, from + n), target.shape(), 'c'));
        }
    }

    private static void copy(INDArray source, float[] target, int at, Chunk after) {
        int n = Math.toIntExact(source.length());
        if (NativeFloats.isDense(source)) {
            FloatBuffer values = NativeFloats.of(source);
            for (int from = at, end = at + n; from < end; from += CHUNK) {
                int to = Math.min(end, from + CHUNK);
                values.get(target, from, to - from);
                after.on(target, from, to);
            }
        } else {
            System.arraycopy(source.toFloatVector(), 0, target, at, n);
            after.on(target, at, at + n);
        }
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
