package org.sparkfit.worker;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The values of a dense float array (the flattened parameter, gradient and updater views and their slices, or any
 * array laid out in c order without gaps) as a {@link FloatBuffer} over its native memory, so that Java code moves
 * them with one bulk copy instead of one ND4J call per value or an intermediate array. A buffer does not hold its
 * array: while it is read or written the caller keeps the array reachable (through a field, a later use, or
 * {@link java.lang.ref.Reference#reachabilityFence}), else collecting a detached array frees the memory under it.
 */
public final class NativeFloats {
    private NativeFloats() {
    }

    /** Whether {@code array} is a float vector whose values lie next to each other in its buffer. */
    public static boolean isDense(INDArray array) {
        return array.dataType() == DataType.FLOAT && array.isVector() && array.elementWiseStride() == 1;
    }

    /** The values of {@code array}, which {@link #isDense} accepts, from position 0 to its length. */
    public static FloatBuffer of(INDArray array) {
        if (!isDense(array)) {
            throw new IllegalStateException("not a dense float vector: " + array.shapeInfoToString());
        }
        return run(array);
    }

    /** Whether {@code array} is a float array of any rank whose values lie in c order next to each other. */
    public static boolean isContiguous(INDArray array) {
        if (array.dataType() != DataType.FLOAT) {
            return false;
        }
        long[] shape = array.shape();
        long[] stride = array.stride();
        long expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && stride[i] != expected) {
                return false;
            }
            expected *= shape[i];
        }
        return true;
    }

    /** The values of {@code array}, which {@link #isContiguous} accepts, in c order from position 0. */
    public static FloatBuffer ofContiguous(INDArray array) {
        if (!isContiguous(array)) {
            throw new IllegalStateException("not a contiguous c-order float array: " + array.shapeInfoToString());
        }
        return run(array);
    }

    private static FloatBuffer run(INDArray array) {
        FloatBuffer values = array.data().asNioFloat();
        values.position(Math.toIntExact(array.offset()));
        values = values.slice();
        values.limit(Math.toIntExact(array.length()));
        return values;
    }

    /** Whether two dense float vectors are views of the same values (ND4J gives a view its own buffer object). */
    public static boolean sameValues(INDArray a, INDArray b) {
        return isDense(a) && isDense(b) && a.length() == b.length()
                && a.data().address() + a.offset() * Float.BYTES == b.data().address() + b.offset() * Float.BYTES;
    }
}
