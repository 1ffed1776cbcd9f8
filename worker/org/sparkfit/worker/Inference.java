package org.sparkfit.worker;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.sparkfit.datasets.Examples;

/** Runs a network forward over a partition in chunks, for evaluation and prediction. */
final class Inference {
    private static final int CHUNK = 1024;

    private Inference() {
    }

    /** Scores the network's predictions on all of {@code data} (which must be labelled). */
    static Scores score(MultiLayerNetwork net, TrainingSpec spec, Examples data) {
        Task task = spec.task();
        Scores scores = spec.newScores();
        int[] order = Batches.inOrder(data.rows());
        for (int from = 0; from < data.rows(); from += CHUNK) {
            int count = Math.min(CHUNK, data.rows() - from);
            DataSet batch = Batches.labelled(data, task, order, from, count);
            INDArray predicted = net.output(batch.getFeatures(), false);
            scores.eval(batch.getLabels(), predicted);
            if (!task.isClassification()) {
                for (int r = 0; r < count; r++) {
                    scores.sample().add(batch.getLabels().getFloat(r, 0), predicted.getFloat(r, 0));
                }
            }
            scores.addLoss(net.score(batch, false), count);
        }
        return scores;
    }

    /** The network's outputs for every row of {@code data}, row-major. */
    static float[] outputs(MultiLayerNetwork net, Examples data, int outputs) {
        float[] out = new float[data.rows() * outputs];
        int[] order = Batches.inOrder(data.rows());
        for (int from = 0; from < data.rows(); from += CHUNK) {
            int count = Math.min(CHUNK, data.rows() - from);
            INDArray predicted = net.output(Batches.features(data, order, from, count), false);
            System.arraycopy(predicted.dup('c').data().asFloat(), 0, out, from * outputs, count * outputs);
        }
        return out;
    }
}
