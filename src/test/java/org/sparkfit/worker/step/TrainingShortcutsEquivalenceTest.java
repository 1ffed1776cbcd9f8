package org.sparkfit.worker.step;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkfit.datasets.Examples;
import org.sparkfit.testing.Jobs;
import org.sparkfit.worker.Batches;
import org.sparkfit.worker.CutBatches;
import org.sparkfit.worker.FlatState;
import org.sparkfit.worker.Task;

/**
 * The worker's cheaper step computes what DL4J's plain {@code fit} computes: from the same initial state, 24
 * mini-batches through {@link LocalStep} on a network with {@link TrainingShortcuts} and through DL4J's own
 * {@code fit} end within 1e-5 in every parameter and optimizer value (1e-3 for the CNN with Nadam and clipping, which
 * amplifies rounding; every step's loss within 1e-5), for every optimizer sparkfit offers and for
 * the dense (with dropout), CNN (the second convolution strided, padded and without bias, so its input's
 * gradient counts; the second pooling padded), LSTM and batch-normalization example networks and a lone softmax
 * layer (the output layer reading the network's input), with a learning-rate schedule, and with clipping and weight
 * decay, which take DL4J's updater instead of the one-pass step; and the convolutions' gradient equals DL4J's to
 * float rounding on a network through every path they have.
 */
class TrainingShortcutsEquivalenceTest {
    private static final int CLASSES = 4;
    private static final int BATCH = 32;
    private static final int STEPS = 24;

    private static final String DENSE = """
            input: [20]
            layers:
              - {type: dense, units: 32, activation: relu}
              - {type: dropout, rate: 0.2}
              - {type: dense, units: 16, activation: tanh}
              - {type: dense, units: 4, activation: softmax}
            """;
    private static final String CNN = """
            input: [12, 12, 2]
            layers:
              - {type: conv2d, filters: 4, kernel_size: 3, activation: relu}
              - {type: max_pooling2d, pool_size: 2}
              - {type: conv2d, filters: 6, kernel_size: [2, 3], strides: 2, padding: same, activation: tanh,
                 use_bias: false}
              - {type: max_pooling2d, pool_size: 2, padding: same}
              - {type: flatten}
              - {type: dense, units: 16, activation: relu}
              - {type: dense, units: 4, activation: softmax}
            """;
    /** Every path of the worker's convolution: strided and not, padded and not, without bias, input gradients. */
    private static final String CONVOLUTIONS = """
            input: [16, 16, 2]
            layers:
              - {type: conv2d, filters: 4, kernel_size: 3, activation: relu}
              - {type: max_pooling2d, pool_size: 2}
              - {type: conv2d, filters: 6, kernel_size: [2, 3], strides: 2, padding: same, activation: tanh,
                 use_bias: false}
              - {type: conv2d, filters: 5, kernel_size: 3, padding: same, activation: relu}
              - {type: max_pooling2d, pool_size: 2, padding: same}
              - {type: flatten}
              - {type: dense, units: 16, activation: relu}
              - {type: dense, units: 4, activation: softmax}
            """;
    private static final String LSTM = """
            input: [6, 4]
            layers:
              - {type: lstm, units: 8}
              - {type: dense, units: 8, activation: relu}
              - {type: dense, units: 4, activation: softmax}
            """;
    private static final String BATCH_NORM = """
            input: [20]
            layers:
              - {type: dense, units: 32, activation: relu}
              - {type: batch_normalization}
              - {type: dense, units: 4, activation: softmax}
            """;
    /** The output layer alone, reading the network's input. */
    private static final String SOFTMAX = """
            input: [20]
            layers:
              - {type: dense, units: 4, activation: softmax}
            """;

    static Stream<Arguments> cases() {
        String[] optimizers = {"{name: sgd, learning_rate: 0.05}",
            "{name: sgd, learning_rate: 0.05, momentum: 0.9, nesterov: true}",
            "{name: rmsprop, learning_rate: 0.01}",
            "{name: adam, learning_rate: 0.01, schedule: {type: exponential, decay_rate: 0.5, decay_steps: 10}}",
            "{name: adamw, learning_rate: 0.01, weight_decay: 0.01}",
            "{name: nadam, learning_rate: 0.01, clipnorm: 0.5}",
            "{name: adagrad, learning_rate: 0.05}",
            "{name: adadelta, learning_rate: 1.0}"};
        String[][] networks = {{"dense", DENSE}, {"cnn", CNN}, {"lstm", LSTM}, {"batch_norm", BATCH_NORM},
            {"softmax", SOFTMAX}};
        return Arrays.stream(networks).flatMap(n -> Arrays.stream(optimizers).map(o -> Arguments.of(n[0], n[1], o)));
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("cases")
    void theShortcutStepTrainsAsDl4jsFit(String name, String model, String optimizer) {
        MultiLayerConfiguration conf = Jobs.network(model, optimizer, BATCH);
        Networks networks = Networks.of(conf);
        MultiLayerNetwork plain = networks.plain();
        MultiLayerNetwork shortcut = networks.shortcut();
        assertArrayEquals(FlatState.of(plain), FlatState.of(shortcut), "same initial state");
        assertTrue(shortcut.getOutputLayer() instanceof TrainingOutputLayer, "the output layer is replaced");

        int width = Jobs.inputWidth(model);
        Examples data = examples(STEPS * BATCH, width, 5);
        int[] order = Batches.inOrder(data.rows());
        boolean onePass = !optimizer.contains("clipnorm") && !optimizer.contains("weight_decay");
        for (int step = 0; step < STEPS; step++) {
            DataSet batch = CutBatches.labelled(data, Task.multiclass(CLASSES), order, step * BATCH, BATCH);
            Nd4j.getRandom().setSeed(100 + step);
            plain.fit(batch);
            Nd4j.getRandom().setSeed(100 + step);
            LocalStep.gradient(shortcut, batch);
            INDArray gradient = shortcut.getGradientsViewArray().dup();
            LocalStep.apply(shortcut, BATCH);
            assertEquals(onePass, gradient.equals(shortcut.getGradientsViewArray()),
                    "the one-pass step (which leaves the gradient) runs unless clipping or regularization applies");
            assertEquals(plain.score(), shortcut.score(), 1e-5, "loss of step " + step);
        }
        // Adam's family turns rounding in near-zero gradients into updates of their own (the gradient itself is
        // checked to rounding below): on the CNN with Nadam and clipping the two drift apart by up to 1.7e-4 in 24
        // steps where OpenBLAS runs its AVX-512 kernels (an Intel Xeon), within 1e-5 with its AVX2 ones; every
        // step's loss still agrees within 1e-5.
        float tolerance = name.equals("cnn") && optimizer.contains("clipnorm") ? 1e-3f : 1e-5f;
        assertArrayEquals(FlatState.of(plain), FlatState.of(shortcut), tolerance, name + " " + optimizer);
        assertEquals(STEPS, shortcut.getIterationCount());
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("cases")
    void everyOptimizerRunsInJava(String name, String model, String optimizer) {
        MultiLayerNetwork net = new MultiLayerNetwork(Jobs.network(model, optimizer, BATCH));
        net.init();
        TrainingShortcuts.install(net);
        for (UpdaterBlock block : ((BaseMultiLayerUpdater<?>) net.getUpdater()).getUpdaterBlocks()) {
            assertTrue(block.getGradientUpdater() instanceof ChunkedUpdater, optimizer);
        }
        Layer first = net.getLayers()[0];
        assertEquals(DENSE.equals(model) || BATCH_NORM.equals(model), first instanceof TrainingDenseLayer,
                "a first dense layer skips the input's gradient");
        assertTrue(net.getOutputLayer() instanceof TrainingOutputLayer, "the dense output layer is replaced");
        assertEquals(CNN.equals(model) ? 2 : 0,
                Arrays.stream(net.getLayers()).filter(l -> l instanceof TrainingConvolutionLayer).count(),
                "every convolution is replaced");
    }

    /**
     * A dense layer's product keeps its arrays from batch to batch, grown to the largest: batches of changing size
     * (training's, then evaluation's larger chunks, a smaller last one) give DL4J's outputs every time.
     */
    @Test
    void denseOutputsStayDl4jsWhenBatchesChangeSize() {
        Networks networks = Networks.of(Jobs.network(DENSE, "{name: sgd, learning_rate: 0.05}", BATCH));
        Examples data = examples(4 * BATCH, Jobs.inputWidth(DENSE), 9);
        for (int rows : new int[] {BATCH, 4 * BATCH, 3, 4 * BATCH, BATCH}) {
            INDArray features = CutBatches.features(data, Batches.inOrder(rows), 0, rows);
            assertArrayEquals(networks.plain().output(features, false).data().asFloat(),
                    networks.shortcut().output(features, false).data().asFloat(), rows + " rows");
        }
    }

    /**
     * The worker's convolutions sum the same products in another order (BLAS on the transposed patch matrix, the
     * patches' gradient reduced row by row), so on a network through all their paths the gradient equals DL4J's to
     * float rounding. (Trained on, Adam's family turns rounding in near-zero gradients into updates of their own:
     * Nadam with clipping drifted 1e-4 apart in 24 steps on this network, so the steps above use {@link #CNN}.)
     */
    @Test
    void theConvolutionsGradientIsDl4jsToRounding() {
        MultiLayerConfiguration conf = Jobs.network(CONVOLUTIONS, "{name: sgd, learning_rate: 0.05}", BATCH);
        Networks networks = Networks.of(conf);
        MultiLayerNetwork plain = networks.plain();
        MultiLayerNetwork shortcut = networks.shortcut();
        Examples data = examples(BATCH, Jobs.inputWidth(CONVOLUTIONS), 7);
        DataSet batch = CutBatches.labelled(data, Task.multiclass(CLASSES), Batches.inOrder(BATCH), 0, BATCH);
        plain.setInput(batch.getFeatures());
        plain.setLabels(batch.getLabels());
        plain.computeGradientAndScore();
        LocalStep.gradient(shortcut, batch);
        float[] expected = plain.getGradientsViewArray().toFloatVector();
        float[] gradient = shortcut.getGradientsViewArray().toFloatVector();
        float largest = 0;
        for (float g : expected) {
            largest = Math.max(largest, Math.abs(g));
        }
        assertEquals(3, Arrays.stream(shortcut.getLayers()).filter(l -> l instanceof TrainingConvolutionLayer).count());
        assertArrayEquals(expected, gradient, 1e-6f * Math.max(1, largest), "gradients to float rounding");
    }

    /** Two networks of one configuration, the same initial state: DL4J's own, and one with the shortcuts. */
    private record Networks(MultiLayerNetwork plain, MultiLayerNetwork shortcut) {
        static Networks of(MultiLayerConfiguration conf) {
            MultiLayerNetwork plain = new MultiLayerNetwork(conf.clone());
            plain.init();
            MultiLayerNetwork shortcut = new MultiLayerNetwork(conf.clone());
            shortcut.init();
            TrainingShortcuts.install(shortcut);
            return new Networks(plain, shortcut);
        }
    }

    /** {@code rows} rows of Gaussian features whose class is the arg-max of sums over strided features, seeded. */
    private static Examples examples(int rows, int width, long seed) {
        Random random = new Random(seed);
        float[] features = new float[rows * width];
        float[] labels = new float[rows];
        for (int r = 0; r < rows; r++) {
            double[] score = new double[CLASSES];
            for (int f = 0; f < width; f++) {
                features[r * width + f] = (float) random.nextGaussian();
                score[f % CLASSES] += features[r * width + f];
            }
            int label = 0;
            for (int c = 1; c < CLASSES; c++) {
                label = score[c] > score[label] ? c : label;
            }
            labels[r] = label;
        }
        return new Examples(rows, width, features, labels);
    }
}
