package org.sparkfit.datasets;

import java.io.Serializable;

/**
 * A block's raw feature values, row-major, in the narrowest type that holds them exactly: unsigned bytes for pixels
 * and other byte-valued data (a quarter of floats' memory, which is what an executor's cache of Fashion-MNIST
 * holds), floats otherwise. Values become floats only as rows are copied out, into a mini-batch.
 */
public sealed interface FeatureValues extends Serializable permits FeatureValues.Bytes, FeatureValues.Floats {

    /** How many values. */
    int length();

    /** Value {@code i} as a float. */
    float get(int i);

    /** Copies values {@code [from, from + count)} into {@code out} at {@code at}, as floats. */
    void copy(int from, int count, float[] out, int at);

    /** All values as floats (a copy). */
    default float[] toFloats() {
        float[] out = new float[length()];
        copy(0, out.length, out, 0);
        return out;
    }

    /** The values of rows {@code rows} (each {@code width} long), in that order, in the same type. */
    FeatureValues selectRows(int[] rows, int width);

    /** The bytes these values take in memory. */
    long memoryBytes();

    /**
     * {@code values} kept as unsigned bytes when every one is a whole number from 0 to 255 (checked exactly, so
     * nothing is lost), else as they are.
     */
    static FeatureValues of(float[] values) {
        for (float v : values) {
            if (!(v >= 0 && v <= 255 && v == (int) v) || Float.floatToRawIntBits(v) == Integer.MIN_VALUE) {
                return new Floats(values);
            }
        }
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) (int) values[i];
        }
        return new Bytes(bytes);
    }

    /** Copies rows {@code rows} of the row-major array {@code from} into {@code to}, in that order. */
    private static <A> A copyRows(A from, A to, int[] rows, int width) {
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(from, rows[i] * width, to, i * width, width);
        }
        return to;
    }

    /** Values from 0 to 255, one unsigned byte each. */
    record Bytes(byte[] values) implements FeatureValues {
        @Override
        public int length() {
            return values.length;
        }

        @Override
        public float get(int i) {
            return values[i] & 0xFF;
        }

        @Override
        public void copy(int from, int count, float[] out, int at) {
            for (int i = 0; i < count; i++) {
                out[at + i] = values[from + i] & 0xFF;
            }
        }

        @Override
        public FeatureValues selectRows(int[] rows, int width) {
            return new Bytes(FeatureValues.copyRows(values, new byte[rows.length * width], rows, width));
        }

        @Override
        public long memoryBytes() {
            return values.length;
        }
    }

    /** Any float values. */
    record Floats(float[] values) implements FeatureValues {
        @Override
        public int length() {
            return values.length;
        }

        @Override
        public float get(int i) {
            return values[i];
        }

        @Override
        public void copy(int from, int count, float[] out, int at) {
            System.arraycopy(values, from, out, at, count);
        }

        @Override
        public FeatureValues selectRows(int[] rows, int width) {
            return new Floats(FeatureValues.copyRows(values, new float[rows.length * width], rows, width));
        }

        @Override
        public long memoryBytes() {
            return (long) values.length * Float.BYTES;
        }
    }
}
