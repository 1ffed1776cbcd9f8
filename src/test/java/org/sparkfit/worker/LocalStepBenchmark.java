package org.sparkfit.worker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.ShapeInfoProvider;
import org.nd4j.linalg.dataset.DataSet;
import org.sparkfit.bench.PyTorchStep;
import org.sparkfit.datasets.Examples;
import org.sparkfit.driver.config.JobConfig;
import org.sparkfit.driver.config.JobConfigLoader;
import org.sparkfit.driver.layers.Conv2D;
import org.sparkfit.driver.train.PreparedJob;
import org.sparkfit.worker.cache.MemoryPart;
import org.sparkfit.worker.exchange.Collective;
import org.sparkfit.worker.exchange.ParameterAveraging;

/**
 * The worker's local step against DL4J alone and against PyTorch, on one thread and without Spark, so that a change
 * to it can be measured more finely than a whole epoch allows: milliseconds per mini-batch of (a)
 * {@code MultiLayerNetwork.fit} on batches cut beforehand, (b) the same with each batch cut as the worker cuts it,
 * (c) the worker's whole epoch ({@link PartitionTrainer#trainEpoch} with the exchange of a single worker: cutting,
 * fitting with its training shortcuts, scoring, flattening and averaging each round), first with ND4J's own shape
 * information for every array, then as executors run it ({@link SharedShapeInfo}), and (d) PyTorch's mini-batch
 * of the same network, optimizer and batch size. (a) to (c) alternate, one pass over the rows
 * each; printed are the median time over the repeats and the median of each repeat's ratio to (a), which this
 * noisy machine's drift affects less than the times, and each time's ratio to PyTorch's. For each job file given
 * (default: the dense and the CNN Fashion-MNIST jobs). Run by {@code scripts/bench}; never part of the tests. (In
 * this package because the trainer's constructor is not public.)
 */
public final class LocalStepBenchmark {
    private static final int REPEATS = 7;
    /** Mini-batches per pass for convolutional jobs, whose mini-batch takes ten times a dense one's. */
    private static final int CONVOLUTION_BATCHES = 40;

    private LocalStepBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<String> jobs = args.length > 0 ? List.of(args)
                : List.of("conf/fashion-mnist-mlp.yaml", "conf/fashion-mnist-cnn.yaml");
        for (String job : jobs) {
            measure(job);
        }
    }

    private static void measure(String conf) throws Exception {
        JobConfig config = JobConfigLoader.parse(Files.readString(Path.of(conf)), conf, List.of());
        PreparedJob job = PreparedJob.plan(config);
        TrainingSpec spec = job.spec();
        Examples data = job.train().read(new Configuration(), 0, 2, 10)
                .scaledBy((float) (1.0 / job.config().data().scale()));
        if (config.model().layers().stream().anyMatch(l -> l instanceof Conv2D)) {
            data = data.select(Batches.inOrder(Math.min(data.rows(), CONVOLUTION_BATCHES * spec.batchSize())));
        }
        int batches = spec.batchesFor(data.rows());
        int rounds = spec.roundsPerEpoch(data.rows());
        List<DataSet> cut = new ArrayList<>();
        int[] order = EpochOrder.of(data.rows(), spec.seed(), 0, 0, spec.shuffle());
        for (int b = 0; b < batches; b++) {
            cut.add(batch(data, spec, order, b));
        }
        MultiLayerNetwork plain = new MultiLayerNetwork(job.network());
        plain.init();
        MultiLayerNetwork cutting = new MultiLayerNetwork(job.network());
        cutting.init();
        PartitionTrainer nd4jShapes = new PartitionTrainer(spec, 0);
        PartitionTrainer worker = new PartitionTrainer(spec, 0);
        Examples noHeldOut = new Examples(0, data.width(), new float[0], new float[0]);
        ShapeInfoProvider nd4j = SharedShapeInfo.nd4js();
        SharedShapeInfo sharedShapes = new SharedShapeInfo(nd4j);

        double[][] ms = new double[4][REPEATS];
        for (int r = 0; r < REPEATS; r++) {
            SharedShapeInfo.use(nd4j);
            long start = System.nanoTime();
            for (DataSet batch : cut) {
                plain.fit(batch);
            }
            ms[0][r] = (System.nanoTime() - start) / 1e6 / batches;
            start = System.nanoTime();
            for (int b = 0; b < batches; b++) {
                cutting.fit(batch(data, spec, order, b));
            }
            ms[1][r] = (System.nanoTime() - start) / 1e6 / batches;
            ms[2][r] = epochMs(nd4jShapes, data, noHeldOut, r, batches, rounds);
            SharedShapeInfo.use(sharedShapes);
            ms[3][r] = epochMs(worker, data, noHeldOut, r, batches, rounds);
        }
        SharedShapeInfo.use(nd4j);
        Optional<Map.Entry<String, Double>> torch = PyTorchStep.msPerBatch(config, batches, REPEATS);
        System.out.printf(Locale.ROOT, "%nThe local step (%s, %d examples, batch %d, averaging every %d, 1 thread; "
                + "median of %d)%n", conf, data.rows(), spec.batchSize(), spec.averagingFrequency(), REPEATS);
        System.out.printf(Locale.ROOT, "%-44s %9s %8s %10s%n", "", "ms/batch", "vs fit", "vs PyTorch");
        String[] names = {"DL4J fit, batches cut beforehand", "DL4J fit, cutting each batch",
            "sparkfit worker round, ND4J's shape info", "sparkfit worker round (PartitionTrainer)"};
        for (int i = 0; i < names.length; i++) {
            double[] ratios = new double[REPEATS];
            for (int r = 0; r < REPEATS; r++) {
                ratios[r] = ms[i][r] / ms[0][r];
            }
            double median = median(ms[i]);
            System.out.printf(Locale.ROOT, "%-44s %9.2f %7.2fx %10s%n", names[i], median, median(ratios),
                    torch.map(t -> String.format(Locale.ROOT, "%.2fx", median / t.getValue())).orElse("-"));
        }
        torch.ifPresent(t -> System.out.printf(Locale.ROOT, "%-44s %9.2f %8s %9.2fx%n", t.getKey(), t.getValue(),
                "-", 1.0));
    }

    /** Milliseconds per mini-batch of one epoch of {@code worker} alone. */
    private static double epochMs(PartitionTrainer worker, Examples data, Examples noHeldOut, int r, int batches,
                                  int rounds) {
        long start = System.nanoTime();
        worker.trainEpoch(new MemoryPart(data), new MemoryPart(noHeldOut), r, r * batches, rounds, batches,
                new ParameterAveraging(Collective.alone()), (examples, loss) -> {
                }, () -> true);
        return (System.nanoTime() - start) / 1e6 / batches;
    }

    private static DataSet batch(Examples data, TrainingSpec spec, int[] order, int b) {
        int from = b * spec.batchSize();
        return CutBatches.labelled(data, spec.task(), order, from, Math.min(spec.batchSize(), data.rows() - from));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
