package org.sparkfit.worker.step;

import java.nio.FloatBuffer;
import java.util.List;
import org.deeplearning4j.nn.api.Trainable;
import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.solvers.BaseOptimizer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.sparkfit.worker.NativeFloats;

/**
 * One mini-batch of training as DL4J's {@code fit} does it, in the two halves an exchange may separate:
 * {@link #gradient} computes the gradient and loss of a batch (DL4J's backpropagation), {@link #apply} takes the
 * optimizer step for a batch of a given size. Where {@link TrainingShortcuts} put every updater block in Java and no
 * gradient clipping or regularization applies, the step is one pass over each parameter (divide by the batch,
 * optimizer, subtract) instead of DL4J's four; otherwise it is DL4J's updater and subtraction.
 */
public final class LocalStep {
    private LocalStep() {
    }

    /** Computes {@code net}'s gradient and loss on {@code batch}, leaving its parameters unchanged. */
    public static void gradient(MultiLayerNetwork net, DataSet batch) {
        net.setInput(batch.getFeatures());
        net.setLabels(batch.getLabels());
        net.setLayerMaskArrays(batch.getFeaturesMaskArray(), batch.getLabelsMaskArray());
        net.computeGradientAndScore();
        net.clearLayerMaskArrays();
        net.clearLayersStates();
    }

    /** Trains {@code net} on one mini-batch: {@link #gradient} and {@link #apply}. */
    public static void fit(MultiLayerNetwork net, DataSet batch) {
        gradient(net, batch);
        apply(net, batch.numExamples());
    }

    /**
     * The optimizer step DL4J's stochastic gradient descent takes after the gradient in {@code net}'s gradient
     * view, for {@code batchSize} examples: update, subtraction, iteration count, constraints.
     */
    public static void apply(MultiLayerNetwork net, int batchSize) {
        int iteration = BaseOptimizer.getIterationCount(net);
        int epoch = BaseOptimizer.getEpochCount(net);
        Updater updater = net.getUpdater();
        if (!tryOnePass(net, updater, batchSize, iteration, epoch)) {
            updater.update(net, net.gradient(), iteration, epoch, batchSize, LayerWorkspaceMgr.noWorkspaces());
            net.params().subi(net.gradient().gradient());
        }
        BaseOptimizer.incrementIterationCount(net, 1);
        BaseOptimizer.applyConstraints(net);
    }

    /** Takes the one-pass step where every block allows it, and says whether it did (else nothing changed). */
    private static boolean tryOnePass(MultiLayerNetwork net, Updater updater, int batchSize, int iteration,
                                      int epoch) {
        INDArray gradientView = net.getGradientsViewArray();
        if (!(updater instanceof BaseMultiLayerUpdater<?> blocks) || !NativeFloats.isDense(gradientView)
                || !NativeFloats.isDense(net.params())
                || !NativeFloats.sameValues(net.gradient().gradient(), gradientView) || !net.conf().isMiniBatch()) {
            return false;
        }
        List<UpdaterBlock> list = blocks.getUpdaterBlocks();
        for (UpdaterBlock block : list) {
            if (!(block.getGradientUpdater() instanceof ChunkedUpdater<?> chunked)
                    || !chunked.denseState(block.getParamOffsetEnd() - block.getParamOffsetStart())
                    || !plain(block)) {
                return false;
            }
        }
        FloatBuffer params = NativeFloats.of(net.params());
        FloatBuffer gradients = NativeFloats.of(gradientView);
        for (UpdaterBlock block : list) {
            ChunkedUpdater<?> chunked = (ChunkedUpdater<?>) block.getGradientUpdater();
            chunked.prepare(iteration, epoch);
            for (UpdaterBlock.ParamState param : block.getLayersAndVariablesInBlock()) {
                float divisor = param.getLayer().updaterDivideByMinibatch(param.getParamName()) ? batchSize : 1;
                chunked.step(params, gradients, param.getParamOffsetStart(),
                        param.getParamOffsetStart() - block.getParamOffsetStart(),
                        param.getParamOffsetEnd() - param.getParamOffsetStart(), divisor);
            }
        }
        return true;
    }

    /** Whether the block's parameters have neither gradient clipping nor regularization. */
    private static boolean plain(UpdaterBlock block) {
        for (UpdaterBlock.ParamState param : block.getLayersAndVariablesInBlock()) {
            Trainable layer = param.getLayer();
            GradientNormalization clipping = layer.getConfig().getGradientNormalization();
            List<Regularization> regularization = layer.getConfig().getRegularizationByParam(param.getParamName());
            if ((clipping != null && clipping != GradientNormalization.None)
                    || (regularization != null && !regularization.isEmpty())) {
                return false;
            }
        }
        return true;
    }
}
