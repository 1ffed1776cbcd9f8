package org.sparkfit.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkfit.driver.config.JobConfigLoader;
import org.sparkfit.driver.train.PreparedJob;

/**
 * The physical limit of an epoch: its matrix-multiply FLOPs (forward, weight gradient and input gradient of every
 * dense layer: 3 x 2 x nIn x nOut per example) divided by the sgemm rate this machine reaches on exactly those
 * shapes, measured through ND4J with {@code threads} threads multiplying at once (one per Spark task).
 */
final class SgemmLimit {
    private static final int WARMUP = 20;
    private static final int REPEATS = 200;

    /** The limit, in seconds per epoch, and the measured rate behind it. */
    record Limit(int threads, double gflops, double epochSeconds) {
    }

    private SgemmLimit() {
    }

    /**
     * Prints one line, {@code GFLOP/s epoch-seconds}, for the job file's network, batch and training set size on
     * {@code threads} threads: run in a child JVM by {@link OpenBlasCoreTypes}, since OpenBLAS picks its kernels when it loads.
     */
    public static void main(String[] args) throws Exception {
        PreparedJob job = PreparedJob.plan(JobConfigLoader.parse(Files.readString(Path.of(args[0])), args[0],
                List.of()));
        long rows = job.train().inspect(new Configuration()).records();
        if (rows < 0) {
            throw new IllegalArgumentException(args[0] + ": the sgemm limit needs a training set whose header gives "
                    + "its size (IDX)");
        }
        Limit limit = measure(job.network(), Math.toIntExact(rows), job.config().fit().batchSize(),
                Integer.parseInt(args[1]));
        System.out.printf(Locale.ROOT, "%.1f %.2f%n", limit.gflops(), limit.epochSeconds());
    }

    static double epochFlops(MultiLayerConfiguration network, int rows) {
        double perExample = 0;
        for (long[] shape : denseShapes(network)) {
            perExample += 3.0 * 2.0 * shape[0] * shape[1];
        }
        return perExample * rows;
    }

    static Limit measure(MultiLayerConfiguration network, int rows, int batch, int threads) throws Exception {
        List<long[]> shapes = denseShapes(network);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Double>> runs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                runs.add(pool.submit(() -> secondsPerBatch(shapes, batch)));
            }
            double slowest = 0;
            for (Future<Double> run : runs) {
                slowest = Math.max(slowest, run.get());
            }
            double batchFlops = epochFlops(network, batch);
            double gflops = threads * batchFlops / slowest / 1e9;
            double epochSeconds = epochFlops(network, rows) / (gflops * 1e9);
            return new Limit(threads, gflops, epochSeconds);
        } finally {
            pool.shutdownNow();
        }
    }

    /** One thread's time for the three products of every dense layer on one mini-batch. */
    private static double secondsPerBatch(List<long[]> shapes, int batch) {
        List<INDArray[]> operands = new ArrayList<>();
        for (long[] shape : shapes) {
            operands.add(new INDArray[] {
                Nd4j.rand(DataType.FLOAT, batch, shape[0]), Nd4j.rand(DataType.FLOAT, shape[0], shape[1]),
                Nd4j.rand(DataType.FLOAT, batch, shape[1]), Nd4j.create(DataType.FLOAT, batch, shape[1]),
                Nd4j.create(DataType.FLOAT, shape[0], shape[1]), Nd4j.create(DataType.FLOAT, batch, shape[0])});
        }
        for (int i = 0; i < WARMUP; i++) {
            multiplyAll(operands);
        }
        long start = System.nanoTime();
        for (int i = 0; i < REPEATS; i++) {
            multiplyAll(operands);
        }
        return (System.nanoTime() - start) / 1e9 / REPEATS;
    }

    private static void multiplyAll(List<INDArray[]> operands) {
        for (INDArray[] o : operands) {
            Nd4j.gemm(o[0], o[1], o[3], false, false, 1.0, 0.0); // activations: x W
            Nd4j.gemm(o[0], o[2], o[4], true, false, 1.0, 0.0);  // weight gradient: x^T dZ
            Nd4j.gemm(o[2], o[1], o[5], false, true, 1.0, 0.0);  // input gradient: dZ W^T
        }
    }

    private static List<long[]> denseShapes(MultiLayerConfiguration network) {
        List<long[]> shapes = new ArrayList<>();
        for (int i = 0; i < network.getConfs().size(); i++) {
            Layer layer = network.getConf(i).getLayer();
            if (layer instanceof DenseLayer || layer instanceof BaseOutputLayer) {
                FeedForwardLayer weights = (FeedForwardLayer) layer;
                shapes.add(new long[] {weights.getNIn(), weights.getNOut()});
            }
        }
        return shapes;
    }
}
