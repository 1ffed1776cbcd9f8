package org.sparkfit.worker;

import java.nio.ByteBuffer;

/**
 * Floats copied between a float array and a byte buffer, in the buffer's byte order, without a
 * {@link java.nio.FloatBuffer} view. A view of a heap buffer is a class of its own for each byte order, and the first
 * one a JVM makes tells HotSpot that {@code FloatBuffer} has more than the one concrete class it had seen (ND4J's
 * direct buffers): every compiled method of the training step that reads or writes a {@code FloatBuffer} is thrown
 * away and compiled again. An epoch's report and a checkpoint, made after the first epoch, did that mid-training.
 */
public final class FloatBytes {
    private FloatBytes() {
    }

    /** Writes {@code count} values from {@code values[from]} on into {@code bytes} from its index 0 on. */
    public static void put(float[] values, int from, int count, ByteBuffer bytes) {
        for (int i = 0; i < count; i++) {
            bytes.putFloat(i * Float.BYTES, values[from + i]);
        }
    }

    /** Reads {@code count} values from {@code bytes}' index 0 on into {@code values[from]} on. */
    public static void get(ByteBuffer bytes, float[] values, int from, int count) {
        for (int i = 0; i < count; i++) {
            values[from + i] = bytes.getFloat(i * Float.BYTES);
        }
    }
}
