package org.sparkfit.worker.step;

import java.lang.ref.Reference;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkfit.worker.NativeFloats;

/**
 * DL4J's 2-D convolution with its data movement in Java, for the worker's training copy of the network on the CPU
 * (the saved configuration still names DL4J's own layer). DL4J lowers a convolution to im2col, one matrix product
 * and col2im, as this layer does, but libnd4j's im2col and col2im walk the values in generic strided loops that
 * took most of the course CNN's step; here {@link PatchMatrix} moves them in Java and only the three matrix
 * products go to BLAS. The output keeps DL4J's layout (channels-major memory seen as NCHW), so the layers around it
 * see what they saw. Like {@link TrainingDenseLayer} it keeps the forward pass's pre-activation and patch matrix for
 * the backward pass (instead of DL4J's cache, which this layer switches off), and as the network's first layer it
 * does not compute the gradient of the network's input.
 */
final class TrainingConvolutionLayer extends ConvolutionLayer {
    private final boolean inputGradientUnused;
    private final WindowGeometry geometry;
    private PatchMatrix patches;
    private INDArray columns;
    private INDArray columnsFor;
    private INDArray kept;
    private INDArray keptFor;
    private float[] planes;

    private TrainingConvolutionLayer(NeuralNetConfiguration conf, ConvolutionLayer replaced,
                                     boolean inputGradientUnused) {
        super(conf, replaced.params().dataType());
        this.inputGradientUnused = inputGradientUnused;
        this.geometry = WindowGeometry.of(layerConf());
        TrainingShortcuts.takeOver(this, replaced);
    }

    /** Whether {@code layer} is DL4J's plain channels-first convolution, without weight noise. */
    static boolean replaces(Layer layer) {
        return layer.getClass() == ConvolutionLayer.class
                && ((ConvolutionLayer) layer).layerConf().getCnn2dDataFormat() == CNN2DFormat.NCHW
                && ((ConvolutionLayer) layer).layerConf().getWeightNoise() == null;
    }

    /** A layer sharing {@code layer}'s parameters and gradient views, to take its place in a float network. */
    static TrainingConvolutionLayer replacing(ConvolutionLayer layer, boolean inputGradientUnused) {
        return new TrainingConvolutionLayer(layer.conf(), layer, inputGradientUnused);
    }

    /** Keeps no cache of DL4J's: this layer keeps its own copies, which DL4J's cache would duplicate. */
    @Override
    public void setCacheMode(CacheMode mode) {
        super.setCacheMode(CacheMode.NONE);
    }

    @Override
    protected Pair<INDArray, INDArray> preOutput(boolean training, boolean forBackprop,
                                                 LayerWorkspaceMgr workspaceMgr) {
        if (forBackprop && keptFor != null && keptFor == input) {
            keptFor = null;
            return new Pair<>(channelsFirst(kept), null);
        }
        assertInputSet(false);
        validateInputRank();
        INDArray weights = getParamWithNoise(ConvolutionParamInitializer.WEIGHT_KEY, training, workspaceMgr);
        validateInputDepth(weights.size(1));
        fillColumns();
        INDArray z = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT,
                new long[] {weights.size(0), patches.columns()}, 'c');
        Nd4j.gemm(kernels(weights), columns, z, false, false, 1.0, 0.0);
        if (hasBias()) {
            INDArray bias = getParamWithNoise(ConvolutionParamInitializer.BIAS_KEY, training, workspaceMgr);
            z.addiColumnVector(bias.reshape(bias.length(), 1));
        }
        if (training) {
            kept = TrainingShortcuts.keptCopy(kept, z);
            keptFor = input;
        } else {
            keptFor = null;
        }
        return new Pair<>(channelsFirst(z), null);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        INDArray weights = getParamWithNoise(ConvolutionParamInitializer.WEIGHT_KEY, true, workspaceMgr);
        INDArray z = preOutput(true, true, workspaceMgr).getFirst();
        long outChannels = weights.size(0);
        INDArray delta = layerConf().getActivationFn().backprop(z, likeOutput(epsilon, z, workspaceMgr)).getFirst();
        INDArray delta2d = delta.permute(1, 0, 2, 3).reshape('c', outChannels, patches.columns());
        if (columnsFor != input) {
            fillColumns();
        }
        Gradient gradient = new DefaultGradient();
        if (hasBias()) {
            INDArray biasGradient = gradientViews.get(ConvolutionParamInitializer.BIAS_KEY);
            delta2d.sum(biasGradient, 1);
            gradient.setGradientFor(ConvolutionParamInitializer.BIAS_KEY, biasGradient);
        }
        INDArray weightGradient = gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY);
        Nd4j.gemm(delta2d, columns, kernels(weightGradient), false, true, 1.0, 0.0);
        gradient.setGradientFor(ConvolutionParamInitializer.WEIGHT_KEY, weightGradient, 'c');
        weightNoiseParams.clear();
        if (inputGradientUnused) {
            return new Pair<>(gradient, null);
        }
        // The patch matrix is not needed any more: it takes the gradient of the patches.
        Nd4j.gemm(kernels(weights), delta2d, columns, true, false, 1.0, 0.0);
        columnsFor = null;
        INDArray inputGradient = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT,
                input.shape(), 'c');
        patches.reduce(NativeFloats.ofContiguous(columns), NativeFloats.ofContiguous(inputGradient));
        return new Pair<>(gradient, backpropDropOutIfPresent(inputGradient));
    }

    /**
     * {@code epsilon}, the gradient of this layer's output, laid out as the output (channels-major memory seen as
     * NCHW), so that the activation's derivative multiplies the two in memory order.
     */
    private INDArray likeOutput(INDArray epsilon, INDArray output, LayerWorkspaceMgr workspaceMgr) {
        if (epsilon.dataType() == DataType.FLOAT && epsilon.offset() == 0
                && Arrays.equals(epsilon.shape(), output.shape()) && Arrays.equals(epsilon.stride(), output.stride())) {
            return epsilon;
        }
        INDArray images = epsilon.castTo(DataType.FLOAT);
        if (!NativeFloats.isContiguous(images)) {
            images = images.dup('c');
        }
        int examples = (int) images.size(0);
        int channels = (int) images.size(1);
        int plane = (int) (images.size(2) * images.size(3));
        INDArray moved = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT,
                new long[] {channels, (long) examples * plane}, 'c');
        if (planes == null || planes.length != images.length()) {
            planes = new float[Math.toIntExact(images.length())];
        }
        NativeFloats.ofContiguous(images).get(0, planes, 0, planes.length);
        Reference.reachabilityFence(images);
        FloatBuffer target = NativeFloats.ofContiguous(moved);
        for (int n = 0; n < examples; n++) {
            for (int c = 0; c < channels; c++) {
                target.put((c * examples + n) * plane, planes, (n * channels + c) * plane, plane);
            }
        }
        return channelsFirst(moved);
    }

    /** The [outChannels, channels x kernel height x kernel width] view of a c-ordered kernels array. */
    private static INDArray kernels(INDArray fourDimensional) {
        long rows = fourDimensional.size(0);
        INDArray matrix = Shape.newShapeNoCopy(fourDimensional, new long[] {rows, fourDimensional.length() / rows},
                false);
        if (matrix == null) {
            throw new IllegalStateException("kernels not in c order: " + fourDimensional.shapeInfoToString());
        }
        return matrix;
    }

    /** The [outChannels, examples x height x width] array as DL4J's [examples, outChannels, height, width] view. */
    private INDArray channelsFirst(INDArray channelsMajor) {
        int[] outSize = geometry.outSize(input);
        return channelsMajor.reshape('c', channelsMajor.size(0), input.size(0), outSize[0], outSize[1])
                .permute(1, 0, 2, 3);
    }

    /** The patch matrix of the current input, in {@link #columns}. */
    private void fillColumns() {
        INDArray images = input.castTo(DataType.FLOAT);
        if (!NativeFloats.isContiguous(images)) {
            images = images.dup('c');
        }
        int[] outSize = geometry.outSize(images);
        int[] size = {(int) images.size(0), (int) images.size(1), (int) images.size(2), (int) images.size(3)};
        int[] padding = geometry.topLeftPadding(images, outSize);
        int[] kernel = geometry.kernel();
        int[] stride = geometry.stride();
        int[] dilation = geometry.dilation();
        if (patches == null || !patches.fits(size[0], size[1], size[2], size[3], kernel, stride, padding, dilation,
                outSize)) {
            patches = new PatchMatrix(size[0], size[1], size[2], size[3], kernel, stride, padding, dilation, outSize);
            try (MemoryWorkspace outside = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                columns = Nd4j.createUninitialized(DataType.FLOAT, new long[] {patches.rows(), patches.columns()},
                        'c');
            }
        }
        patches.fill(NativeFloats.ofContiguous(images), NativeFloats.ofContiguous(columns));
        Reference.reachabilityFence(images);
        columnsFor = input;
    }
}
