package org.sparkfit.worker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.sparkfit.datasets.Examples;
import org.sparkfit.driver.config.JobConfig;
import org.sparkfit.driver.config.JobConfigLoader;
import org.sparkfit.driver.train.PreparedJob;
import org.sparkfit.worker.cache.DataCache;
import org.sparkfit.worker.cache.MemoryPart;
import org.sparkfit.worker.cache.PartCache;
import org.sparkfit.worker.cache.StoredPart;
import org.sparkfit.worker.exchange.Collective;
import org.sparkfit.worker.exchange.ParameterAveraging;

/**
 * What a part on disk costs in accuracy: conf/fashion-mnist-mlp.yaml trained by one worker (no Spark, one thread)
 * on the whole training set kept in memory (one shuffle of the part per epoch) and kept on disk in blocks of about
 * 4 MB (5,350 images) shuffled by block and mixed within windows of 1, 2 and 16 blocks, the same seed each, scored
 * on the test set after every epoch. Also with the training set sorted by label before it is stored, where blocks
 * each hold one class and the window is all that mixes them. Run by {@code scripts/bench-disk}; never part of the
 * tests. (In this package because the trainer's constructor is not public.)
 */
public final class WindowShuffleBenchmark {
    private static final int EPOCHS = 5;

    private WindowShuffleBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String conf = args.length > 0 ? args[0] : "conf/fashion-mnist-mlp.yaml";
        JobConfig config = JobConfigLoader.parse(Files.readString(Path.of(conf)), conf, List.of());
        PreparedJob job = PreparedJob.plan(config);
        float factor = (float) (1.0 / config.data().scale());
        Examples train = job.train().read(new Configuration(), 0, 1, 10).scaledBy(factor);
        Examples test = job.test().read(new Configuration(), 0, 1, 10).scaledBy(factor);
        Path dir = Files.createTempDirectory("window-shuffle");
        System.out.printf(Locale.ROOT, "%s, 1 worker, %d epochs, test accuracy after each epoch%n", conf, EPOCHS);
        for (boolean sorted : new boolean[] {false, true}) {
            Examples data = sorted ? byLabel(train) : train;
            System.out.println(sorted ? "training set sorted by label:" : "training set in its shipped order:");
            report("memory (whole part shuffled)", job.spec(), new MemoryPart(data), test);
            for (int window : new int[] {1, 2, 16}) {
                report("disk, window of " + window + (window == 1 ? " block" : " blocks"), job.spec(),
                        onDisk(data, window, dir), test);
            }
        }
    }

    /** {@code data} on disk in blocks of {@link PartCache#BLOCK_BYTES}, mixed {@code window} blocks at a time. */
    private static StoredPart onDisk(Examples data, int window, Path dir) throws Exception {
        long blockOnDisk = PartCache.BLOCK_BYTES + (PartCache.BLOCK_BYTES / data.width()) * Float.BYTES + 64;
        PartCache cache = new PartCache(DataCache.DISK, 0, window * blockOnDisk,
                () -> Files.createTempFile(dir, "part", ""), null);
        cache.accept(data);
        return cache.finish();
    }

    private static void report(String name, TrainingSpec spec, StoredPart part, Examples test) {
        PartitionTrainer worker = new PartitionTrainer(spec, 0);
        int batches = spec.batchesFor(part.rows());
        int rounds = spec.roundsPerEpoch(part.rows());
        double[] accuracy = new double[EPOCHS];
        long start = System.nanoTime();
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            EpochResult result = worker.trainEpoch(part, new MemoryPart(test), epoch, epoch * batches, rounds,
                    batches, new ParameterAveraging(Collective.alone()), (n, loss) -> {
                    }, () -> true);
            accuracy[epoch] = result.heldOut().metric("accuracy");
        }
        System.out.printf(Locale.ROOT, "  %-34s %s   (%d blocks, %.0f s)%n", name, Arrays.toString(Arrays.stream(
                accuracy).mapToObj(a -> String.format(Locale.ROOT, "%.4f", a)).toArray()), part.blocks(),
                (System.nanoTime() - start) / 1e9);
    }

    /** The rows of {@code data} ordered by label (stable). */
    private static Examples byLabel(Examples data) {
        return data.select(java.util.stream.IntStream.range(0, data.rows()).boxed()
                .sorted(java.util.Comparator.comparingDouble(data::label)).mapToInt(Integer::intValue).toArray());
    }
}
