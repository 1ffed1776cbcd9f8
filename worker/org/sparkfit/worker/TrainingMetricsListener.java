package org.sparkfit.worker;

import java.util.Arrays;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkfit.worker.step.TrainingShortcuts;

/**
 * Scores each training mini-batch from the forward pass that training itself makes, as Keras reports training
 * metrics, once the pass has computed its loss and gradient: from the output layer's pre-activation where the
 * worker's training shortcuts keep it ({@link TrainingShortcuts#trainingPreOutput}), else from the output layer's
 * input and its small product computed again here (a dense output layer). Other output layers are scored by
 * {@link #scoreBeforeFit}.
 */
final class TrainingMetricsListener extends BaseTrainingListener {
    private Scores scores;
    private INDArray labels;
    private INDArray copy;

    /** Whether the forward pass of {@code net}'s training can be scored here (a dense output layer). */
    static boolean canScore(MultiLayerNetwork net) {
        return net.getOutputLayer() instanceof OutputLayer;
    }

    /** Sets the batch the next forward pass trains on and where its score goes. */
    void expect(INDArray batchLabels, Scores into) {
        this.labels = batchLabels;
        this.scores = into;
    }

    /** For networks this listener cannot score: a separate inference pass over the batch before it is fitted. */
    static void scoreBeforeFit(MultiLayerNetwork net, INDArray features, INDArray batchLabels, Scores into) {
        into.eval(batchLabels, net.output(features, false));
    }

    @Override
    public void onBackwardPass(Model model) {
        if (scores == null) {
            return;
        }
        MultiLayerNetwork net = (MultiLayerNetwork) model;
        Layer output = net.getOutputLayer();
        INDArray preOutput = TrainingShortcuts.trainingPreOutput(net);
        if (preOutput != null) {
            preOutput = copy(preOutput);
        } else {
            preOutput = output.input().mmul(output.getParam("W"));
            INDArray bias = output.getParam("b");
            if (bias != null) {
                preOutput.addiRowVector(bias);
            }
        }
        org.deeplearning4j.nn.conf.layers.BaseOutputLayer conf =
                (org.deeplearning4j.nn.conf.layers.BaseOutputLayer) output.conf().getLayer();
        scores.eval(labels, conf.getActivationFn().getActivation(preOutput, false));
        scores = null;
    }

    /**
     * {@code preOutput}'s values in an array this listener keeps (the activation then overwrites them), copied in
     * Java: a fresh copy each batch would be an ND4J operation and native memory whose bookkeeping the collector
     * copies.
     */
    private INDArray copy(INDArray preOutput) {
        if (!NativeFloats.isContiguous(preOutput)) {
            return preOutput.dup();
        }
        if (copy == null || !Arrays.equals(copy.shape(), preOutput.shape())) {
            try (MemoryWorkspace outside = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                copy = Nd4j.createUninitialized(DataType.FLOAT, preOutput.shape(), 'c');
            }
        }
        NativeFloats.ofContiguous(copy).put(NativeFloats.ofContiguous(preOutput));
        return copy;
    }
}
