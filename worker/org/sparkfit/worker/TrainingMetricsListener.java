package org.sparkfit.worker;

import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Scores each training mini-batch from the forward pass that training itself makes, as Keras reports training
 * metrics: DL4J hands listeners the activations up to the output layer's input, and for a dense output layer only
 * that layer's small product is computed again here. Other output layers are scored by {@link #scoreBeforeFit}.
 */
final class TrainingMetricsListener extends BaseTrainingListener {
    private Scores scores;
    private INDArray labels;

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
    public void onForwardPass(Model model, List<INDArray> activations) {
        if (scores == null) {
            return;
        }
        MultiLayerNetwork net = (MultiLayerNetwork) model;
        Layer output = net.getOutputLayer();
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            INDArray input = activations.get(activations.size() - 1);
            InputPreProcessor pre = net.getLayerWiseConfigurations().getInputPreProcess(net.getnLayers() - 1);
            if (pre != null) {
                input = pre.preProcess(input, (int) input.size(0), LayerWorkspaceMgr.noWorkspaces());
            }
            INDArray preOutput = input.mmul(output.getParam("W"));
            INDArray bias = output.getParam("b");
            if (bias != null) {
                preOutput.addiRowVector(bias);
            }
            org.deeplearning4j.nn.conf.layers.BaseOutputLayer conf =
                    (org.deeplearning4j.nn.conf.layers.BaseOutputLayer) output.conf().getLayer();
            INDArray predictions = conf.getActivationFn().getActivation(preOutput, false);
            scores.eval(labels, predictions);
        }
        scores = null;
    }
}
