package org.sparkfit.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.sparkfit.datasets.Examples;
import org.sparkfit.worker.CutBatches;
import org.sparkfit.worker.EpochOrder;
import org.sparkfit.worker.Task;
import org.sparkfit.worker.step.LocalStep;
import org.sparkfit.worker.step.TrainingShortcuts;

/**
 * What any synchronous trainer waits on this machine: {@code threads} threads each fit their own copy of the network
 * on the very same mini-batches (the same work to the flop, with the worker's own step), meeting at a barrier every
 * {@code frequency} mini-batches and exchanging nothing. Their share of time spent waiting for the slowest at each
 * barrier comes from the machine (cores whose speed varies under a hypervisor, the JVM's compiler and collector),
 * not from the work or an exchange: the floor under sparkfit's own wait on the same cores.
 */
final class SynchronousRounds {
    /** The waiting share of the measured epochs, and their seconds per epoch. */
    record Floor(double waitShare, double epochSeconds) {
    }

    private SynchronousRounds() {
    }

    /**
     * Fits {@code epochs} epochs of {@code batchesPerThread} mini-batches on each thread after one unmeasured epoch,
     * all threads on the first rows of {@code train} in one shuffle.
     */
    static Floor measure(MultiLayerConfiguration network, Examples train, Task task, int batch, int threads,
                         int frequency, int batchesPerThread, int epochs, long seed) throws Exception {
        int[] order = EpochOrder.of(train.rows(), seed, 0, 0, true);
        CyclicBarrier barrier = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<long[]>> runs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                runs.add(pool.submit(() -> fitInRounds(network, train, task, order, batch, frequency,
                        batchesPerThread, epochs, barrier)));
            }
            long waited = 0;
            long elapsed = 0;
            for (Future<long[]> run : runs) {
                long[] nanos = run.get();
                waited += nanos[0];
                elapsed = Math.max(elapsed, nanos[1]);
            }
            return new Floor((double) waited / threads / elapsed, elapsed / 1e9 / epochs);
        } finally {
            pool.shutdownNow();
        }
    }

    /** One thread's run: nanoseconds spent at the barrier and in all, over the measured epochs. */
    private static long[] fitInRounds(MultiLayerConfiguration network, Examples train, Task task, int[] order,
                                      int batch, int frequency, int batchesPerThread, int epochs,
                                      CyclicBarrier barrier) throws InterruptedException, BrokenBarrierException {
        MultiLayerNetwork net = new MultiLayerNetwork(network.clone());
        net.init();
        TrainingShortcuts.install(net);
        List<DataSet> batches = new ArrayList<>();
        for (int b = 0; b < batchesPerThread; b++) {
            batches.add(CutBatches.labelled(train, task, order, b * batch, batch));
        }
        long waited = 0;
        long start = 0;
        for (int epoch = 0; epoch <= epochs; epoch++) {
            barrier.await();
            if (epoch == 1) {
                waited = 0;
                start = System.nanoTime();
            }
            for (int b = 0; b < batchesPerThread; b++) {
                LocalStep.fit(net, batches.get(b));
                if ((b + 1) % frequency == 0 || b + 1 == batchesPerThread) {
                    long arrived = System.nanoTime();
                    barrier.await();
                    waited += System.nanoTime() - arrived;
                }
            }
        }
        return new long[] {waited, System.nanoTime() - start};
    }

    /** The line {@link EpochBenchmark} prints under sparkfit's own share outside fitting. */
    static String describe(Floor floor, int threads, int frequency) {
        return String.format(Locale.ROOT, "%d threads fitting identical mini-batches, meeting every %d (no exchange, "
                + "no Spark): %.2f s per epoch, waiting for the slowest %.1f%% of the time (this machine's floor for "
                + "any synchronous trainer)", threads, frequency, floor.epochSeconds(), 100 * floor.waitShare());
    }
}
