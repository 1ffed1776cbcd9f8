package org.sparkfit.worker.step;

import java.lang.ref.Reference;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkfit.worker.NativeFloats;

/**
 * DL4J's 2-D max pooling in Java, for the worker's training copy of the network on the CPU (the saved configuration
 * still names DL4J's layer). libnd4j's {@code maxpool2d_bp} searches every window again in the backward pass and
 * walks a convolution's output (an NCHW view of channels-major memory) in a generic strided loop; this layer
 * remembers where each window's maximum was (the first largest value in row-major order, as libnd4j picks it) and
 * hands the gradient back laid out as its input, so the convolution below multiplies it with its activation's
 * derivative in memory order. The output is a c-ordered NCHW array, as DL4J's.
 */
final class TrainingMaxPooling extends SubsamplingLayer {
    private final WindowGeometry geometry;
    private float[] values;
    private float[] pooled;
    private int[] maxima;
    private INDArray maximaFor;

    private TrainingMaxPooling(NeuralNetConfiguration conf, SubsamplingLayer replaced) {
        super(conf, DataType.FLOAT);
        this.geometry = WindowGeometry.of(layerConf());
        TrainingShortcuts.takeOver(this, replaced);
    }

    /** Whether {@code layer} is DL4J's plain channels-first max pooling. */
    static boolean replaces(Layer layer) {
        return layer.getClass() == SubsamplingLayer.class
                && ((SubsamplingLayer) layer).layerConf().getPoolingType() == PoolingType.MAX
                && ((SubsamplingLayer) layer).layerConf().getCnn2dDataFormat() == CNN2DFormat.NCHW;
    }

    /** A layer in {@code layer}'s place, in a float network. */
    static TrainingMaxPooling replacing(SubsamplingLayer layer) {
        return new TrainingMaxPooling(layer.conf(), layer);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        if (input.rank() != 4 || input.dataType() != DataType.FLOAT) {
            maximaFor = null;
            return super.activate(training, workspaceMgr);
        }
        INDArray source = planes(input);
        int[] outSize = geometry.outSize(source);
        INDArray output = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT,
                new long[] {source.size(0), source.size(1), outSize[0], outSize[1]}, 'c');
        pool(source, outSize);
        NativeFloats.ofContiguous(output).put(0, pooled, 0, Math.toIntExact(output.length()));
        maximaFor = input;
        return output;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        if (input.rank() != 4 || input.dataType() != DataType.FLOAT) {
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        INDArray source = planes(input);
        if (maximaFor != input) {
            pool(source, geometry.outSize(source));
            maximaFor = input;
        }
        INDArray errors = epsilon.castTo(DataType.FLOAT);
        if (!NativeFloats.isContiguous(errors)) {
            errors = errors.dup('c');
        }
        int outputs = Math.toIntExact(errors.length());
        float[] outputErrors = pooled;
        NativeFloats.ofContiguous(errors).get(0, outputErrors, 0, outputs);
        Reference.reachabilityFence(errors);
        Arrays.fill(values, 0f);
        for (int o = 0; o < outputs; o++) {
            values[maxima[o]] += outputErrors[o];
        }
        INDArray memory = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT,
                new long[] {source.data().length()}, 'c');
        NativeFloats.ofContiguous(memory).put(0, values, 0, values.length);
        INDArray inputGradient = Nd4j.create(memory.data(), source.shape(), source.stride(), memory.offset(),
                source.ordering(), DataType.FLOAT);
        return new Pair<>(new DefaultGradient(), inputGradient);
    }

    /** {@code images}, or a c-ordered copy unless each image plane is a contiguous run of a whole buffer. */
    private static INDArray planes(INDArray images) {
        boolean wholeBuffer = images.offset() == 0 && images.data().length() == images.length();
        boolean contiguousPlanes = images.stride(3) == 1 && images.stride(2) == images.size(3);
        return wholeBuffer && contiguousPlanes ? images : images.dup('c');
    }

    /** Pools {@code source} into {@link #pooled} and notes each maximum's position in its buffer in {@link #maxima}. */
    private void pool(INDArray source, int[] outSize) {
        int length = Math.toIntExact(source.length());
        if (values == null || values.length != length) {
            values = new float[length];
        }
        int examples = (int) source.size(0);
        int channels = (int) source.size(1);
        int height = (int) source.size(2);
        int width = (int) source.size(3);
        int outputs = examples * channels * outSize[0] * outSize[1];
        if (pooled == null || pooled.length != outputs) {
            pooled = new float[outputs];
            maxima = new int[outputs];
        }
        FloatBuffer buffer = source.data().asNioFloat();
        buffer.get(0, values, 0, length);
        int[] kernel = geometry.kernel();
        int[] stride = geometry.stride();
        int[] dilation = geometry.dilation();
        int[] padding = geometry.topLeftPadding(source, outSize);
        int[] rows = inside(outSize[0], kernel[0], stride[0], dilation[0], padding[0], height);
        int[] columns = inside(outSize[1], kernel[1], stride[1], dilation[1], padding[1], width);
        int[] planes = new int[examples * channels];
        for (int n = 0; n < examples; n++) {
            for (int c = 0; c < channels; c++) {
                planes[n * channels + c] = Math.toIntExact(n * source.stride(0) + c * source.stride(1));
            }
        }
        if (kernel[0] == 2 && kernel[1] == 2 && dilation[0] == 1 && dilation[1] == 1 && whole(rows, 2)
                && whole(columns, 2)) {
            maxima2x2(values, planes, width, stride, outSize, pooled, maxima);
        } else {
            maxima(values, planes, width, new int[] {stride[0], stride[1], dilation[0], dilation[1], padding[0],
                padding[1]}, rows, columns, pooled, maxima);
        }
    }

    /** Whether every window along an axis has all its {@code kernel} positions inside the image. */
    private static boolean whole(int[] ranges, int kernel) {
        for (int o = 0; o < ranges.length; o += 2) {
            if (ranges[o] != 0 || ranges[o + 1] != kernel) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@link #maxima} for 2 x 2 windows inside the image (Keras' default pool), as two independent pairs and their
     * winner: five times faster than the general loop here, whose comparisons form one long dependency chain.
     */
    private static void maxima2x2(float[] in, int[] planes, int width, int[] stride, int[] outSize, float[] out,
                                  int[] where) {
        int o = 0;
        for (int plane : planes) {
            for (int oh = 0; oh < outSize[0]; oh++) {
                int rowStart = plane + oh * stride[0] * width;
                for (int ow = 0; ow < outSize[1]; ow++) {
                    int i = rowStart + ow * stride[1];
                    float a = in[i];
                    float b = in[i + 1];
                    float c = in[i + width];
                    float d = in[i + width + 1];
                    int top = i + (Float.floatToRawIntBits(a - b) >>> 31);
                    int bottom = i + width + (Float.floatToRawIntBits(c - d) >>> 31);
                    float upper = Math.max(a, b);
                    float lower = Math.max(c, d);
                    int lowerWins = Float.floatToRawIntBits(upper - lower) >>> 31;
                    out[o] = Math.max(upper, lower);
                    where[o++] = top + lowerWins * (bottom - top);
                }
            }
        }
    }

    /**
     * The largest value of each window and where it lies, over the image planes starting at {@code planes} in
     * {@code in}; {@code geometry} is the stride, dilation and padding, each as [rows, columns]. Branch-free
     * ({@code v > max} is the sign of {@code max - v}, exact in floats): a window's largest value is
     * unpredictable, and an {@code if} took twice as long.
     */
    private static void maxima(float[] in, int[] planes, int width, int[] geometry, int[] rows, int[] columns,
                               float[] out, int[] where) {
        int strideH = geometry[0];
        int strideW = geometry[1];
        int dilationH = geometry[2];
        int dilationW = geometry[3];
        int top0 = geometry[4];
        int left0 = geometry[5];
        int outH = rows.length / 2;
        int outW = columns.length / 2;
        int o = 0;
        for (int plane : planes) {
            for (int oh = 0; oh < outH; oh++) {
                int top = oh * strideH - top0;
                int firstRow = rows[2 * oh];
                int endRow = rows[2 * oh + 1];
                for (int ow = 0; ow < outW; ow++) {
                    int left = plane + ow * strideW - left0;
                    int firstColumn = columns[2 * ow];
                    int endColumn = columns[2 * ow + 1];
                    int at = left + (top + firstRow * dilationH) * width + firstColumn * dilationW;
                    float max = in[at];
                    for (int kh = firstRow; kh < endRow; kh++) {
                        int row = left + (top + kh * dilationH) * width;
                        for (int kw = firstColumn; kw < endColumn; kw++) {
                            int i = row + kw * dilationW;
                            float v = in[i];
                            int larger = Float.floatToRawIntBits(max - v) >>> 31;
                            at += larger * (i - at);
                            max = Math.max(max, v);
                        }
                    }
                    out[o] = max;
                    where[o++] = at;
                }
            }
        }
    }

    /**
     * For each of {@code outputs} windows along one axis, the first and one past the last kernel offset whose
     * position lies inside the image's {@code size}, as pairs.
     */
    private static int[] inside(int outputs, int kernel, int stride, int dilation, int padding, int size) {
        int[] ranges = new int[2 * outputs];
        for (int o = 0; o < outputs; o++) {
            int first = 0;
            while (first < kernel && o * stride + first * dilation - padding < 0) {
                first++;
            }
            int end = kernel;
            while (end > first && o * stride + (end - 1) * dilation - padding >= size) {
                end--;
            }
            ranges[2 * o] = first;
            ranges[2 * o + 1] = end;
        }
        return ranges;
    }
}
