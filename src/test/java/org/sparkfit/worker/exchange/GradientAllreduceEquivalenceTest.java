package org.sparkfit.worker.exchange;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.sparkfit.worker.FlatState;

/**
 * {@code spark.exchange: allreduce} is single-process training on the global batch: two workers fitting 64 rows
 * each, step after step, end with the parameters and optimizer state that DL4J's own {@code fit} reaches on the
 * 128 rows together, for every optimizer family, and a worker whose part runs out first still takes each step.
 */
class GradientAllreduceEquivalenceTest {
    private static final int FEATURES = 20;
    private static final int CLASSES = 5;
    private static final int WORKER_BATCH = 64;
    private static final int STEPS = 24;

    static Stream<Arguments> optimizers() {
        return Stream.of(Arguments.of("sgd", new Sgd(0.1)), Arguments.of("nesterov", new Nesterovs(0.05, 0.9)),
                Arguments.of("rmsprop", new RmsProp(0.01)), Arguments.of("adam", new Adam(0.01)));
    }

    private static MultiLayerNetwork network(IUpdater updater) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(7).updater(updater).list()
                .layer(new DenseLayer.Builder().nIn(FEATURES).nOut(32).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(32).nOut(CLASSES)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** {@code rows} examples whose class is the arg-max of a fixed linear map of their features, seeded. */
    private static DataSet examples(int rows, long seed) {
        Random random = new Random(seed);
        float[] features = new float[rows * FEATURES];
        float[] labels = new float[rows * CLASSES];
        for (int r = 0; r < rows; r++) {
            double best = Double.NEGATIVE_INFINITY;
            int label = 0;
            for (int f = 0; f < FEATURES; f++) {
                features[r * FEATURES + f] = (float) random.nextGaussian();
            }
            for (int c = 0; c < CLASSES; c++) {
                double score = 0;
                for (int f = c; f < FEATURES; f += CLASSES) {
                    score += features[r * FEATURES + f];
                }
                if (score > best) {
                    best = score;
                    label = c;
                }
            }
            labels[r * CLASSES + label] = 1;
        }
        return new DataSet(Nd4j.create(features, new long[] {rows, FEATURES}, 'c'),
                Nd4j.create(labels, new long[] {rows, CLASSES}, 'c'));
    }

    private static DataSet rows(DataSet all, int from, int count) {
        return (DataSet) all.getRange(from, from + count);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void twoWorkersOfHalfTheBatchStepAsOneProcessOnTheWholeBatch(String name, IUpdater updater) throws Exception {
        DataSet data = examples(STEPS * 2 * WORKER_BATCH, 11);
        MultiLayerNetwork single = network(updater);
        for (int step = 0; step < STEPS; step++) {
            single.fit(rows(data, step * 2 * WORKER_BATCH, 2 * WORKER_BATCH));
        }
        List<float[]> workers = overRingAndInMemory(collective -> {
            MultiLayerNetwork net = network(updater);
            Exchange exchange = new GradientAllreduce(collective);
            for (int step = 0; step < STEPS; step++) {
                exchange.fit(net, rows(data, (2 * step + collective.rank()) * WORKER_BATCH, WORKER_BATCH));
                Exchange.RoundTotals totals = exchange.endRound(net, WORKER_BATCH, net.score() * WORKER_BATCH);
                assertEquals(2 * WORKER_BATCH, totals.examples());
                assertNull(totals.divergence());
            }
            assertEquals(STEPS, net.getIterationCount());
            return FlatState.of(net);
        });
        assertArrayEquals(workers.get(0), workers.get(1), "both workers hold the same state, to the bit");
        assertArrayEquals(FlatState.of(single), workers.get(0), 1e-5f, name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void aWorkerWithoutABatchStillTakesTheStep(String name, IUpdater updater) throws Exception {
        int longer = 6;
        int shorter = 4;
        DataSet first = examples(longer * WORKER_BATCH, 21);
        DataSet second = examples(shorter * WORKER_BATCH, 22);
        MultiLayerNetwork single = network(updater);
        for (int step = 0; step < longer; step++) {
            DataSet own = rows(first, step * WORKER_BATCH, WORKER_BATCH);
            single.fit(step < shorter ? DataSet.merge(List.of(own, rows(second, step * WORKER_BATCH,
                    WORKER_BATCH))) : own);
        }
        List<float[]> workers = overRingAndInMemory(collective -> {
            MultiLayerNetwork net = network(updater);
            Exchange exchange = new GradientAllreduce(collective);
            DataSet part = collective.rank() == 0 ? first : second;
            int batches = collective.rank() == 0 ? longer : shorter;
            for (int step = 0; step < longer; step++) {
                long examples = 0;
                if (step < batches) {
                    exchange.fit(net, rows(part, step * WORKER_BATCH, WORKER_BATCH));
                    examples = WORKER_BATCH;
                }
                Exchange.RoundTotals totals = exchange.endRound(net, examples, examples * net.score());
                assertEquals(step < shorter ? 2 * WORKER_BATCH : WORKER_BATCH, totals.examples());
            }
            return FlatState.of(net);
        });
        assertArrayEquals(workers.get(0), workers.get(1), "both workers hold the same state, to the bit");
        assertArrayEquals(FlatState.of(single), workers.get(0), 1e-5f, name);
    }

    /**
     * Runs two workers over the ring and again summing in memory, checks that both ways end with the same bits,
     * and returns the ring's workers' states.
     */
    private static List<float[]> overRingAndInMemory(Function<Collective, float[]> worker) throws Exception {
        List<float[]> ring = TaskThreads.ring(2, Duration.ofSeconds(60), worker);
        List<float[]> memory = TaskThreads.inProcess(2, Duration.ofSeconds(60), worker);
        for (int r = 0; r < 2; r++) {
            assertArrayEquals(ring.get(r), memory.get(r), "worker " + r + " summing in memory or over the ring");
        }
        return ring;
    }
}
