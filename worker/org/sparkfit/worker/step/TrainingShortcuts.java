package org.sparkfit.worker.step;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.layers.OutputLayer;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.AdaDeltaUpdater;
import org.nd4j.linalg.learning.AdaGradUpdater;
import org.nd4j.linalg.learning.AdamUpdater;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.NadamUpdater;
import org.nd4j.linalg.learning.NesterovsUpdater;
import org.nd4j.linalg.learning.NoOpUpdater;
import org.nd4j.linalg.learning.RmsPropUpdater;
import org.nd4j.linalg.learning.SgdUpdater;
import org.sparkfit.worker.ChannelsLastInput;

/**
 * Makes a freshly built network's training cheaper without changing what it computes: dense layers that keep their
 * pre-activation for the backward pass (and, first in the network, skip the input's gradient), a dense output layer
 * that computes its pre-activation once for its loss, gradient and training metrics, recurrent layers
 * that keep their forward pass's activations (DL4J's {@code CacheMode.DEVICE}), and, on the CPU backend, 2-D
 * convolutions and max pooling whose data movement runs in Java ({@link TrainingConvolutionLayer}, whose ReLU runs
 * in memory order, {@link ContiguousActivation}; {@link TrainingMaxPooling}) and optimizer updates computed in Java
 * ({@link ChunkedUpdater}), which {@link LocalStep} runs in one pass per parameter. Schedules, regularization,
 * clipping and the flat state stay DL4J's. Checked against DL4J's plain {@code fit} by
 * TrainingShortcutsEquivalenceTest (and TrainingMaxPoolingTest for ties).
 */
public final class TrainingShortcuts {
    private TrainingShortcuts() {
    }

    /** Installs the shortcuts in {@code net}, which {@code init()} has built and nothing has trained yet. */
    public static void install(MultiLayerNetwork net) {
        // On a GPU the arrays live in device memory, where libnd4j's ops are the fast path.
        boolean cpu = "CpuBackend".equals(Nd4j.getBackend().getClass().getSimpleName());
        boolean javaFloats = cpu && net.getLayerWiseConfigurations().getDataType() == DataType.FLOAT;
        Layer[] layers = net.getLayers().clone();
        for (int i = 0; i < layers.length; i++) {
            if (TrainingDenseLayer.replaces(layers[i])) {
                layers[i] = TrainingDenseLayer.replacing((DenseLayer) layers[i], inputGradientUnused(net, i),
                        javaFloats);
            } else if (TrainingOutputLayer.replaces(layers[i])) {
                layers[i] = TrainingOutputLayer.replacing((OutputLayer) layers[i], javaFloats);
            } else if (javaFloats && TrainingMaxPooling.replaces(layers[i])) {
                layers[i] = TrainingMaxPooling.replacing((SubsamplingLayer) layers[i]);
            } else if (javaFloats && TrainingConvolutionLayer.replaces(layers[i])) {
                layers[i] = TrainingConvolutionLayer.replacing((ConvolutionLayer) layers[i],
                        inputGradientUnused(net, i));
            }
            boolean javaRelu = layers[i] instanceof TrainingDenseLayer || layers[i] instanceof TrainingConvolutionLayer;
            if (javaFloats && javaRelu && layers[i].conf().getLayer() instanceof BaseLayer conf
                    && conf.getActivationFn() instanceof ActivationReLU relu) {
                conf.setActivationFn(new ContiguousActivation(relu));
            }
        }
        net.setLayers(layers);
        for (Layer layer : layers) {
            layer.setCacheMode(CacheMode.DEVICE);
        }
        net.getLayerWiseConfigurations().setCacheMode(CacheMode.DEVICE);
        Updater updater = net.getUpdater(true);
        if (cpu && updater instanceof BaseMultiLayerUpdater<?> blocks) {
            for (UpdaterBlock block : blocks.getUpdaterBlocks()) {
                if (block.getGradientUpdater() == null) {
                    block.init();
                }
                GradientUpdater<?> chunked = chunked(block.getGradientUpdater());
                if (chunked != null) {
                    block.setGradientUpdater(chunked);
                }
            }
        }
    }

    /**
     * The output layer's pre-activation from the training pass {@code net} has just made (its loss and gradient
     * computed), or null where the output layer does not keep it.
     */
    public static INDArray trainingPreOutput(MultiLayerNetwork net) {
        return net.getOutputLayer() instanceof TrainingOutputLayer output ? output.trainingPreOutput() : null;
    }

    /**
     * A copy of {@code values} outside DL4J's workspaces (whose memory the next pass reuses), in {@code kept} when it
     * has their shape, type and order, else in a new array: what a layer keeps from its forward pass.
     */
    static INDArray keptCopy(INDArray kept, INDArray values) {
        INDArray copy = kept;
        if (copy == null || !copy.equalShapes(values) || copy.dataType() != values.dataType()
                || copy.ordering() != values.ordering()) {
            try (MemoryWorkspace outside = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                copy = Nd4j.createUninitialized(values.dataType(), values.shape(), values.ordering());
            }
        }
        return copy.assign(values);
    }

    /** Gives {@code replacement} the place of {@code replaced}: its listeners, index, parameters and gradients. */
    static void takeOver(Layer replacement, Layer replaced) {
        replacement.setListeners(replaced.getListeners());
        replacement.setIndex(replaced.getIndex());
        if (replaced.numParams() > 0) {
            replacement.setParamsViewArray(replaced.params());
            replacement.setParamTable(replaced.paramTable());
        }
        if (replaced.getGradientsViewArray() != null) {
            replacement.setBackpropGradientsViewArray(replaced.getGradientsViewArray());
        }
    }

    /**
     * Whether nothing reads the input gradient of layer {@code i}: it is the first, and its input is the network's
     * own or sparkfit's reshape of it, which passes no gradient on.
     */
    private static boolean inputGradientUnused(MultiLayerNetwork net, int i) {
        InputPreProcessor before = net.getLayerWiseConfigurations().getInputPreProcess(0);
        return i == 0 && (before == null || before instanceof ChannelsLastInput);
    }

    private static GradientUpdater<?> chunked(GradientUpdater<?> dl4j) {
        if (dl4j instanceof RmsPropUpdater u) {
            return new ChunkedRmsProp(u);
        } else if (dl4j instanceof AdamUpdater u) {
            return new ChunkedAdam(u);
        } else if (dl4j instanceof NadamUpdater u) {
            return new ChunkedNadam(u);
        } else if (dl4j instanceof AdaGradUpdater u) {
            return new ChunkedAdaGrad(u);
        } else if (dl4j instanceof AdaDeltaUpdater u) {
            return new ChunkedAdaDelta(u);
        } else if (dl4j instanceof NesterovsUpdater u) {
            return new ChunkedNesterovs(u);
        } else if (dl4j instanceof SgdUpdater u) {
            return new ChunkedSgd(u);
        } else if (dl4j instanceof NoOpUpdater u) {
            return new ChunkedNoOp(u);
        }
        return null;
    }
}
