package org.sparkfit.worker;

import java.nio.FloatBuffer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A network's state in {@link FlatState}'s order (parameters, then optimizer state) where it lies, in the native
 * memory of its flattened views, read and written by range from any thread: what the tasks of one JVM sum without
 * copying the whole state out and back.
 */
public final class NativeState {
    private static final int RUN = 4096;
    /** The arrays whose memory the buffers show, held so that it lives while another task may still reach it. */
    private final INDArray[] arrays;
    private final FloatBuffer params;
    private final FloatBuffer optimizer;
    private final int split;
    private final int length;

    private NativeState(INDArray[] arrays, FloatBuffer params, FloatBuffer optimizer) {
        this.arrays = arrays;
        this.params = params;
        this.optimizer = optimizer;
        this.split = params.limit();
        this.length = split + (optimizer == null ? 0 : optimizer.limit());
    }

    /** The state of {@code net}, whose parameter and optimizer views must be dense ({@link NativeFloats#isDense}). */
    public static NativeState of(MultiLayerNetwork net) {
        INDArray params = net.params();
        INDArray state = FlatState.updaterState(net);
        return new NativeState(new INDArray[] {params, state}, NativeFloats.of(params),
                state == null ? null : NativeFloats.of(state));
    }

    /** {@link FlatState#length}. */
    public int length() {
        return length;
    }

    /** {@link FlatState#fingerprint} of the state, read run by run through a small buffer. */
    public long fingerprint() {
        float[] run = new float[RUN];
        long hash = FlatState.fingerprintStart(length);
        for (int from = 0; from < length; from += RUN) {
            int to = Math.min(length, from + RUN);
            get(from, to, run, 0);
            hash = FlatState.fingerprint(hash, run, 0, to - from);
        }
        return hash;
    }

    /** Copies the values {@code [from, to)} into {@code into} from {@code at}. */
    public void get(int from, int to, float[] into, int at) {
        inParts(from, to, at, (values, index, offset, count) -> values.get(index, into, offset, count));
    }

    /** Stores {@code values} from {@code at} as the values {@code [from, to)}. */
    public void put(int from, int to, float[] values, int at) {
        inParts(from, to, at, (buffer, index, offset, count) -> buffer.put(index, values, offset, count));
    }

    /** A bulk move between one of the views, from {@code index}, and an array, from {@code offset}. */
    @FunctionalInterface
    private interface Move {
        void on(FloatBuffer view, int index, int offset, int count);
    }

    /** Moves the values {@code [from, to)}, the part among the parameters and the part among the optimizer's. */
    private void inParts(int from, int to, int at, Move move) {
        if (from < split) {
            int end = Math.min(to, split);
            move.on(params, from, at, end - from);
            at += end - from;
            from = end;
        }
        if (from < to) {
            move.on(optimizer, from - split, at, to - from);
        }
    }
}
