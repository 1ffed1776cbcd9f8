package org.sparkfit.worker.step;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's dense layer without two of its matrix products per training mini-batch, for the worker's training copy of
 * the network (the saved configuration still names DL4J's own layer, and the arithmetic is DL4J's):
 * <ul>
 *   <li>DL4J recomputes the layer's pre-activation {@code xW + b} in backpropagation; this layer keeps the one its
 *       forward pass computed, for the backward pass of the same input;</li>
 *   <li>as the network's first layer (with no input preprocessor before it), it does not compute the gradient of
 *       the network's input, which nothing uses: in the course's 784-512-10 network each of the two is 784 x 512 x
 *       batch x 2 floating-point operations, together half of a mini-batch's matrix work;</li>
 *   <li>on the CPU backend, the forward product moves less data ({@link RowMajorProduct}).</li>
 * </ul>
 */
final class TrainingDenseLayer extends DenseLayer {
    private final boolean inputGradientUnused;
    private final RowMajorProduct product;
    private INDArray kept;
    private INDArray keptFor;

    private TrainingDenseLayer(NeuralNetConfiguration conf, DenseLayer replaced, boolean inputGradientUnused,
                               boolean javaRows) {
        super(conf, replaced.params().dataType());
        this.inputGradientUnused = inputGradientUnused;
        this.product = javaRows ? new RowMajorProduct() : null;
        TrainingShortcuts.takeOver(this, replaced);
    }

    /** Whether {@code layer} is DL4J's plain dense layer, without layer normalization or weight noise. */
    static boolean replaces(Layer layer) {
        return layer.getClass() == DenseLayer.class && !((DenseLayer) layer).hasLayerNorm()
                && ((DenseLayer) layer).layerConf().getWeightNoise() == null;
    }

    /**
     * A layer sharing {@code layer}'s parameters and gradient views, to take its place in the network;
     * {@code javaRows} where its arrays are in host memory (the CPU backend).
     */
    static TrainingDenseLayer replacing(DenseLayer layer, boolean inputGradientUnused, boolean javaRows) {
        return new TrainingDenseLayer(layer.conf(), layer, inputGradientUnused, javaRows);
    }

    @Override
    protected INDArray preOutput(boolean training, LayerWorkspaceMgr workspaceMgr) {
        INDArray z = super.preOutput(training, workspaceMgr);
        if (training && maskArray == null) {
            kept = TrainingShortcuts.keptCopy(kept, z);
            keptFor = input;
        } else {
            keptFor = null;
        }
        return z;
    }

    /** The pre-activation the forward pass kept for this input, once (the activation's backward pass overwrites it). */
    @Override
    protected Pair<INDArray, INDArray> preOutputWithPreNorm(boolean training, boolean forBackprop,
                                                            LayerWorkspaceMgr workspaceMgr) {
        if (forBackprop && keptFor != null && keptFor == input) {
            keptFor = null;
            return new Pair<>(kept, null);
        }
        INDArray z = product == null ? null : product.preOutput(this, () -> input,
                () -> applyDropOutIfNecessary(training, workspaceMgr), this::applyMask, workspaceMgr);
        return z != null ? new Pair<>(z, z) : super.preOutputWithPreNorm(training, forBackprop, workspaceMgr);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        if (!inputGradientUnused) {
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        assertInputSet(true);
        INDArray z = preOutputWithPreNorm(true, true, workspaceMgr).getFirst();
        INDArray delta = layerConf().getActivationFn().backprop(z, epsilon).getFirst();
        if (maskArray != null) {
            applyMask(delta);
        }
        Gradient gradient = new DefaultGradient();
        if (hasBias()) {
            INDArray biasGradient = gradientViews.get(DefaultParamInitializer.BIAS_KEY);
            delta.sum(biasGradient, 0);
            gradient.gradientForVariable().put(DefaultParamInitializer.BIAS_KEY, biasGradient);
        }
        INDArray weightGradient = gradientViews.get(DefaultParamInitializer.WEIGHT_KEY);
        Nd4j.gemm(input.castTo(weightGradient.dataType()), delta, weightGradient, true, false, 1.0, 0.0);
        gradient.gradientForVariable().put(DefaultParamInitializer.WEIGHT_KEY, weightGradient);
        weightNoiseParams.clear();
        return new Pair<>(gradient, null);
    }
}
