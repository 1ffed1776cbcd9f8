package org.sparkfit.worker.step;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.layers.OutputLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's dense output layer computing its pre-activation {@code xW + b} once per training mini-batch, for the
 * worker's training copy of the network: DL4J's backpropagation and its loss each compute it again for the same
 * input, and sparkfit's training metrics would make a third. Kept for the current training input until the layer
 * is given an input again, cleared or activated (its activation overwrites the pre-activation in place); DL4J's loss
 * functions copy it before applying the activation, so its values stay those of the forward pass.
 */
final class TrainingOutputLayer extends OutputLayer {
    private final RowMajorProduct product;
    private INDArray kept;
    private INDArray keptFor;

    private TrainingOutputLayer(NeuralNetConfiguration conf, OutputLayer replaced, boolean javaRows) {
        super(conf, replaced.params().dataType());
        this.product = javaRows ? new RowMajorProduct() : null;
        TrainingShortcuts.takeOver(this, replaced);
    }

    /** Whether {@code layer} is DL4J's plain dense output layer, without weight noise. */
    static boolean replaces(Layer layer) {
        return layer.getClass() == OutputLayer.class
                && ((OutputLayer) layer).layerConf().getWeightNoise() == null;
    }

    /**
     * A layer sharing {@code layer}'s parameters and gradient views, to take its place in the network;
     * {@code javaRows} where its arrays are in host memory (the CPU backend).
     */
    static TrainingOutputLayer replacing(OutputLayer layer, boolean javaRows) {
        return new TrainingOutputLayer(layer.conf(), layer, javaRows);
    }

    /** DL4J's {@code xW + b}, through {@link RowMajorProduct} on the CPU. */
    @Override
    protected Pair<INDArray, INDArray> preOutputWithPreNorm(boolean training, boolean forBackprop,
                                                            LayerWorkspaceMgr workspaceMgr) {
        INDArray z = product == null ? null : product.preOutput(this, () -> input,
                () -> applyDropOutIfNecessary(training, workspaceMgr), this::applyMask, workspaceMgr);
        return z != null ? new Pair<>(z, z) : super.preOutputWithPreNorm(training, forBackprop, workspaceMgr);
    }

    @Override
    protected INDArray preOutput2d(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (training && keptFor != null && keptFor == input) {
            return kept;
        }
        INDArray z = super.preOutput2d(training, workspaceMgr);
        if (!training) {
            keptFor = null;
            return z;
        }
        // Outside DL4J's workspaces: backpropagation's working memory is reused before the loss is computed.
        kept = TrainingShortcuts.keptCopy(kept, z);
        keptFor = input;
        return z;
    }

    @Override
    public void setInput(INDArray input, LayerWorkspaceMgr workspaceMgr) {
        forget();
        super.setInput(input, workspaceMgr);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        forget();
        return super.activate(training, workspaceMgr);
    }

    @Override
    public void clear() {
        super.clear();
        forget();
    }

    /** The pre-activation of the training pass over the current input, if the loss or backpropagation made it. */
    INDArray trainingPreOutput() {
        return keptFor != null && keptFor == input ? kept : null;
    }

    private void forget() {
        keptFor = null;
    }
}
