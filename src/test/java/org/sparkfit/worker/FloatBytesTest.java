package org.sparkfit.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** Floats to and from bytes as a FloatBuffer view of the same bytes would write and read them, bit for bit. */
class FloatBytesTest {
    private static final float[] VALUES = {1.5f, -0f, Float.intBitsToFloat(0x7fc01234), Float.NEGATIVE_INFINITY,
        Float.MIN_VALUE, -3.25e-7f, 65504f};

    @Test
    void writesTheBytesAViewWritesInEitherOrder() {
        for (ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
            ByteBuffer viaView = ByteBuffer.allocate(6 * Float.BYTES).order(order);
            viaView.asFloatBuffer().put(VALUES, 1, 5);
            ByteBuffer bytes = ByteBuffer.allocate(6 * Float.BYTES).order(order);
            bytes.putInt(7);
            FloatBytes.put(VALUES, 1, 5, bytes);
            assertEquals(4, bytes.position(), "the position is left where it was");
            assertArrayEquals(viaView.array(), bytes.array(), order.toString());
        }
    }

    @Test
    void readsBackEveryBitFromAnOffset() {
        ByteBuffer bytes = ByteBuffer.allocate(VALUES.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        FloatBytes.put(VALUES, 0, VALUES.length, bytes);
        float[] read = new float[VALUES.length + 2];
        FloatBytes.get(bytes, read, 2, VALUES.length);
        for (int i = 0; i < VALUES.length; i++) {
            assertEquals(Float.floatToRawIntBits(VALUES[i]), Float.floatToRawIntBits(read[i + 2]), "value " + i);
        }
        assertEquals(0f, read[0]);
        assertEquals(0f, read[1]);
    }
}
