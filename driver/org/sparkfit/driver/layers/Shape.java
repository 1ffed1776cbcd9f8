package org.sparkfit.driver.layers;

import java.util.Arrays;

/**
 * What flows between two layers, without the batch axis: its Keras shape and which kind of data it is, since the
 * same rank can mean different things ([28, 28] is an image to conv2d and 28 steps of 28 features to an LSTM).
 */
public record Shape(Kind kind, int[] dims) {

    /** The kinds of data DL4J's layers tell apart. */
    public enum Kind {
        /** [features]. */
        FLAT,
        /** [height, width, channels]. */
        IMAGE,
        /** [timesteps, features]. */
        SEQUENCE,
        /** [sequence length] of word indices, for an embedding. */
        TOKENS
    }

    public static Shape flat(int width) {
        return new Shape(Kind.FLAT, new int[] {width});
    }

    public int width() {
        int width = 1;
        for (int d : dims) {
            width = Math.multiplyExact(width, d);
        }
        return width;
    }

    /** The last axis: features, or an image's channels. */
    public int last() {
        return dims[dims.length - 1];
    }

    @Override
    public String toString() {
        return Arrays.toString(dims);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape other && kind == other.kind && Arrays.equals(dims, other.dims);
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + Arrays.hashCode(dims);
    }
}
