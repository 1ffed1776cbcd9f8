package org.sparkfit.worker.step;

import java.nio.FloatBuffer;
import java.util.Arrays;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkfit.worker.NativeFloats;

/**
 * ReLU on the CPU in memory order. A convolution lowered to a matrix product computes its output channel by channel
 * and returns it as an NCHW view; libnd4j then runs the in-place ReLU over the view's strides in a generic loop
 * (50-70 ms for 64 x 32 x 26 x 26 values here) where the same values in memory order take 1.5 ms. An element-wise
 * function gives the same result either way, and so does its derivative when the gradient it multiplies is laid out
 * as the output ({@link TrainingConvolutionLayer} hands it so; a dense layer's pre-activation and gradient are both
 * row-major), which Java computes faster than libnd4j's op on either layout.
 */
final class ContiguousActivation implements IActivation {
    private static final int CHUNK = 4096;
    private final ActivationReLU relu;
    private final float[] value = new float[CHUNK];
    private final float[] error = new float[CHUNK];

    ContiguousActivation(ActivationReLU relu) {
        this.relu = relu;
    }

    @Override
    public INDArray getActivation(INDArray in, boolean training) {
        INDArray inMemoryOrder = inMemoryOrder(in);
        if (inMemoryOrder == null) {
            return relu.getActivation(in, training);
        }
        relu.getActivation(inMemoryOrder, training);
        return in;
    }

    /**
     * When {@code in} and {@code epsilon} are whole arrays laid out alike and the ReLU is the plain one, its
     * derivative times {@code epsilon} in memory order, in Java over chunks that stay in the cache (as
     * {@link ChunkedUpdater} does; libnd4j's op took twice as long, with a new array), written over {@code in},
     * which DL4J's activations may overwrite.
     */
    @Override
    public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
        boolean plain = relu.getMax() == null && relu.getThreshold() == null && relu.getNegativeSlope() == null;
        FloatBuffer values = plain ? memoryOrder(in) : null;
        FloatBuffer errors = values != null ? memoryOrder(epsilon) : null;
        if (errors == null || !Arrays.equals(in.shape(), epsilon.shape())
                || !Arrays.equals(in.stride(), epsilon.stride())) {
            return relu.backprop(in, epsilon);
        }
        int length = values.limit();
        for (int from = 0; from < length; from += CHUNK) {
            int n = Math.min(CHUNK, length - from);
            values.get(from, value, 0, n);
            errors.get(from, error, 0, n);
            for (int i = 0; i < n; i++) {
                // error where value > 0, else 0, branch-free (the sign of 0 - value; half the values are zeros)
                int positive = -(Float.floatToRawIntBits(0f - value[i]) >>> 31);
                value[i] = Float.intBitsToFloat(Float.floatToRawIntBits(error[i]) & positive);
            }
            values.put(from, value, 0, n);
        }
        return new Pair<>(in, null);
    }

    /** The values of a row-major array or of a strided view of a whole buffer, in memory order; otherwise null. */
    private static FloatBuffer memoryOrder(INDArray array) {
        if (NativeFloats.isContiguous(array)) {
            return NativeFloats.ofContiguous(array);
        }
        INDArray whole = inMemoryOrder(array);
        return whole != null && NativeFloats.isDense(whole) ? NativeFloats.of(whole) : null;
    }

    /** The values of {@code array} in memory order, if it is a strided view of a whole buffer; otherwise null. */
    private static INDArray inMemoryOrder(INDArray array) {
        if (array.elementWiseStride() == 1 || array.offset() != 0 || array.data().length() != array.length()) {
            return null;
        }
        return Nd4j.create(array.data(), new long[] {array.length()}, new long[] {1}, 0, 'c', array.dataType());
    }

    @Override
    public int numParams(int inputSize) {
        return relu.numParams(inputSize);
    }
}
