package org.sparkfit.worker;

import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.ShapeInfoProvider;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J's shape descriptions made once per shape instead of once per array. Every ND4J array has a small native
 * buffer describing its shape, strides and type. ND4J 1.0.0-M2.1's CPU provider keeps one per distinct description
 * for one of its methods, but the one every array constructor calls makes a new native buffer for each array, view
 * and reshape, with a native allocation and free and, on the Java side, a deallocator, a weak reference and an id
 * string that outlive the array until the collector has seen it die: at a few dozen arrays per mini-batch, most of
 * what the executors' young collections copy. This provider answers that method from a cache of ND4J's own
 * buffers (marked constant by ND4J, as its cached method's are), so arrays get the same contents as before;
 * descriptions past {@value #MAX_ENTRIES} are made as ND4J makes them.
 */
final class SharedShapeInfo implements ShapeInfoProvider {
    static final int MAX_ENTRIES = 10_000;
    private final ShapeInfoProvider nd4j;
    private final ConcurrentHashMap<Description, Pair<DataBuffer, long[]>> made = new ConcurrentHashMap<>();

    SharedShapeInfo(ShapeInfoProvider nd4j) {
        this.nd4j = nd4j;
    }

    /**
     * Puts a shared provider in front of ND4J's for the whole JVM, once; says whether one is in place (false where
     * this ND4J keeps its provider elsewhere, which then goes on as it is).
     */
    static synchronized boolean install() {
        ShapeInfoProvider current = Nd4j.getShapeInfoProvider();
        return current instanceof SharedShapeInfo || use(new SharedShapeInfo(current));
    }

    /** Makes {@code provider} ND4J's shape-information provider for the whole JVM; says whether it could. */
    static boolean use(ShapeInfoProvider provider) {
        try {
            Field field = Nd4j.class.getDeclaredField("shapeInfoProvider");
            field.setAccessible(true);
            field.set(null, provider);
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    /** ND4J's own provider: the one in place, or the one a shared provider in place stands in front of. */
    static ShapeInfoProvider nd4js() {
        ShapeInfoProvider current = Nd4j.getShapeInfoProvider();
        return current instanceof SharedShapeInfo shared ? shared.nd4j : current;
    }

    @Override
    public Pair<DataBuffer, long[]> createShapeInformation(long[] shape, long[] stride, long elementWiseStride,
                                                           char order, DataType type, boolean empty) {
        Description looked = new Description(shape, stride, elementWiseStride, order, type, empty);
        Pair<DataBuffer, long[]> info = made.get(looked);
        if (info == null) {
            info = nd4j.createShapeInformation(shape, stride, elementWiseStride, order, type, empty);
            if (made.size() >= MAX_ENTRIES) {
                return info;
            }
            Description kept = new Description(shape.clone(), stride.clone(), elementWiseStride, order, type, empty);
            Pair<DataBuffer, long[]> first = made.putIfAbsent(kept, info);
            info = first == null ? info : first;
        }
        // The Java copy is the array's own, as ND4J's uncached method gives it.
        return Pair.of(info.getFirst(), info.getSecond().clone());
    }

    @Override
    public Pair<DataBuffer, long[]> createShapeInformation(long[] shape, DataType type) {
        return nd4j.createShapeInformation(shape, type);
    }

    @Override
    public Pair<DataBuffer, long[]> createShapeInformation(long[] shape, char order, DataType type) {
        return nd4j.createShapeInformation(shape, order, type);
    }

    @Override
    public Pair<DataBuffer, long[]> createShapeInformation(long[] shape, long[] stride, long elementWiseStride,
                                                           char order, long extras) {
        return nd4j.createShapeInformation(shape, stride, elementWiseStride, order, extras);
    }

    @Override
    public void purgeCache() {
        made.clear();
        nd4j.purgeCache();
    }

    @Override
    public long getCachedBytes() {
        return nd4j.getCachedBytes();
    }

    /** The description to look a buffer up by: everything ND4J makes one from. */
    private record Description(long[] shape, long[] stride, long elementWiseStride, char order, DataType type,
                               boolean empty) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Description d && Arrays.equals(shape, d.shape) && Arrays.equals(stride, d.stride)
                    && elementWiseStride == d.elementWiseStride && order == d.order && type == d.type
                    && empty == d.empty;
        }

        @Override
        public int hashCode() {
            return 31 * (31 * Arrays.hashCode(shape) + Arrays.hashCode(stride)) + Long.hashCode(elementWiseStride)
                    + order + type.ordinal();
        }
    }
}
