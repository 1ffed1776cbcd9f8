package org.sparkfit.worker.cache;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The arrays blocks of a part on disk are loaded into, reused from one window of an epoch to the next: streaming a
 * part of gigabytes every epoch then makes no garbage in steady state, so the executor's heap (and its resident
 * memory) stays at what a window takes instead of growing toward its limit. Arrays handed out stay in use until
 * {@link #releaseAll}; one thread uses an instance.
 */
public final class BlockArrays {
    private final Map<Key, ArrayDeque<Object>> free = new HashMap<>();
    private final List<Object> inUse = new ArrayList<>();
    private ByteBuffer staging = ByteBuffer.allocate(0);

    private record Key(Class<?> type, int length) {
    }

    /** A buffer of {@code bytes} to read a block into, valid until the next call. */
    ByteBuffer staging(int bytes) {
        if (staging.capacity() < bytes) {
            staging = ByteBuffer.allocate(bytes);
        }
        staging.clear().limit(bytes);
        return staging;
    }

    byte[] bytes(int length) {
        return take(byte[].class, length, byte[]::new);
    }

    short[] shorts(int length) {
        return take(short[].class, length, short[]::new);
    }

    float[] floats(int length) {
        return take(float[].class, length, float[]::new);
    }

    int[] ints(int length) {
        return take(int[].class, length, int[]::new);
    }

    long[] longs(int length) {
        return take(long[].class, length, long[]::new);
    }

    private <A> A take(Class<A> type, int length, IntFunction<A> create) {
        ArrayDeque<Object> spare = free.get(new Key(type, length));
        A array = spare == null || spare.isEmpty() ? create.apply(length) : type.cast(spare.pop());
        inUse.add(array);
        return array;
    }

    /** Takes back every array handed out: the blocks loaded into them must no longer be used. */
    public void releaseAll() {
        for (Object array : inUse) {
            free.computeIfAbsent(new Key(array.getClass(), java.lang.reflect.Array.getLength(array)),
                    k -> new ArrayDeque<>()).push(array);
        }
        inUse.clear();
    }
}
