package org.sparkfit.worker;

import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.sparkfit.datasets.Examples;
import org.sparkfit.worker.cache.StoredPart;

/** Runs a network forward over a partition in chunks, for evaluation and prediction. */
final class Inference {
    private static final int CHUNK = 1024;

    private Inference() {
    }

    /**
     * The arrays a task cuts its chunks into, made for the first chunk's width and kept for the next chunks and
     * scorings: a chunk's features (3 MB for Fashion-MNIST) in a fresh array each time were a large allocation that
     * set off a garbage collection every epoch.
     */
    static final class Chunks {
        private final Task task;
        private BatchBuffers buffers;

        Chunks(Task task) {
            this.task = task;
        }

        BatchBuffers of(int width) {
            if (buffers == null || buffers.width() != width) {
                buffers = new BatchBuffers(task, CHUNK, width);
            }
            return buffers;
        }
    }

    /** Scores the network's predictions on every block of {@code data} (which must be labelled). */
    static Scores score(MultiLayerNetwork net, TrainingSpec spec, StoredPart data, Chunks chunks) {
        Scores scores = data.fold(block -> score(net, spec, block, chunks.of(block.width())), Scores::merge);
        return scores == null ? spec.newScores() : scores;
    }

    /** Scores the network's predictions on all of {@code data} (which must be labelled). */
    private static Scores score(MultiLayerNetwork net, TrainingSpec spec, Examples data, BatchBuffers buffers) {
        Task task = spec.task();
        Scores scores = spec.newScores();
        int[] order = Batches.inOrder(data.rows());
        for (int from = 0; from < data.rows(); from += CHUNK) {
            int count = Math.min(CHUNK, data.rows() - from);
            DataSet batch = buffers.fill(data, order, from, count);
            Scored scored = scored(net, batch);
            INDArray predicted = scored.predictions();
            scores.eval(batch.getLabels(), predicted);
            if (!task.isClassification()) {
                for (int r = 0; r < count; r++) {
                    scores.sample().add(batch.getLabels().getFloat(r, 0), predicted.getFloat(r, 0));
                }
            }
            scores.addLoss(scored.loss(), count);
        }
        return scores;
    }

    /**
     * The network's predictions for {@code batch} and its loss as DL4J's {@code score(batch, false)} computes it
     * (with the regularization term), from one forward pass through all but the output layer, whose small product
     * alone runs twice: DL4J's {@code output} and {@code score} would each run the whole network.
     */
    static Scored scored(MultiLayerNetwork net, DataSet batch) {
        if (!(net.getOutputLayer() instanceof IOutputLayer output) || batch.hasMaskArrays()) {
            return new Scored(net.output(batch.getFeatures(), false), net.score(batch, false));
        }
        int last = net.getnLayers() - 1;
        LayerWorkspaceMgr workspaces = LayerWorkspaceMgr.noWorkspaces();
        INDArray input = last == 0 ? batch.getFeatures()
                : net.feedForwardToLayer(last - 1, batch.getFeatures(), false).get(last);
        InputPreProcessor pre = net.getLayerWiseConfigurations().getInputPreProcess(last);
        if (pre != null) {
            input = pre.preProcess(input, (int) input.size(0), workspaces);
        }
        output.setInput(input, workspaces);
        output.setLabels(batch.getLabels());
        double loss = output.computeScore(net.calcRegularizationScore(true), false, workspaces);
        INDArray predictions = output.activate(false, workspaces);
        output.clear();
        return new Scored(predictions, loss);
    }

    /** A batch's predictions and mean loss. */
    record Scored(INDArray predictions, double loss) {
    }

    /** The network's outputs for every row of {@code data}, row-major. */
    static float[] outputs(MultiLayerNetwork net, Examples data, int outputs, Chunks chunks) {
        BatchBuffers buffers = chunks.of(data.width());
        float[] out = new float[data.rows() * outputs];
        int[] order = Batches.inOrder(data.rows());
        for (int from = 0; from < data.rows(); from += CHUNK) {
            int count = Math.min(CHUNK, data.rows() - from);
            INDArray predicted = net.output(buffers.features(data, order, from, count), false);
            System.arraycopy(predicted.dup('c').data().asFloat(), 0, out, from * outputs, count * outputs);
        }
        return out;
    }
}
