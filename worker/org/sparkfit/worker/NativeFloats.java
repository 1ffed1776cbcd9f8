package org.sparkfit.worker;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The values of a dense float array (the flattened parameter, gradient and updater views and their slices) as a
 * {@link FloatBuffer} over its native memory, so that Java code moves them with one bulk copy instead of one ND4J
 * call per value or an intermediate array.
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
