package org.sparkfit.driver.train;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.sparkfit.datasets.DataSource;
import org.sparkfit.datasets.Examples;
import org.sparkfit.datasets.Preprocessing;
import org.sparkfit.datasets.SplitSource;
import org.sparkfit.datasets.Standardization;
import org.sparkfit.datasets.TextSource;
import org.sparkfit.datasets.Vocabulary;
import org.sparkfit.datasets.WordCounts;
import org.sparkfit.datasets.HadoopConf;
import org.sparkfit.driver.UserInputException;
import org.sparkfit.worker.PartResult;
import org.sparkfit.worker.ReadPartitionTask;

/**
 * A data set read into executor memory as one {@link Examples} block per partition, each executor reading its own
 * part, cached for the whole job; the driver keeps only the row count of each partition.
 */
public final class PartitionedData implements AutoCloseable {
    private final JavaRDD<PartResult<Examples>> cached;
    private final JavaRDD<Examples> rdd;
    private final int[] rows;

    private PartitionedData(JavaRDD<PartResult<Examples>> cached, JavaRDD<Examples> rdd, int[] rows) {
        this.cached = cached;
        this.rdd = rdd;
        this.rows = rows;
    }

    /**
     * Reads {@code source} in {@code parts} parts.
     *
     * @param key     the job-file key of the source, for messages
     * @param classes labels must be integers below this (0: real-valued; -1: no labels)
     */
    public static PartitionedData read(JavaSparkContext sc, String key, DataSource source, int parts, int classes,
                                       Preprocessing preprocessing) {
        JavaRDD<PartResult<Examples>> rdd = parts(sc, key, source, parts, classes, preprocessing)
                .persist(StorageLevel.MEMORY_ONLY());
        int[] rows;
        try {
            rows = PartResult.values(rdd.map(part -> part.map(Examples::rows)).collect()).stream()
                    .mapToInt(Integer::intValue).toArray();
        } catch (RuntimeException e) {
            rdd.unpersist(false);
            throw e;
        }
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] == 0) {
                rdd.unpersist(false);
                throw new UserInputException(key + ": " + source.describe() + " holds "
                        + Arrays.stream(rows).sum() + " examples, too few to give each of " + parts
                        + " workers one; lower spark.workers or add data");
            }
        }
        return new PartitionedData(rdd, rdd.map(PartResult::value).setName(rdd.name()), rows);
    }

    /**
     * The standardization of this data's (scaled) features: mean and deviation per feature from the cached rows,
     * in one job that reads nothing again.
     */
    public Standardization fitStandardization() {
        return rdd.map(Standardization.Moments::new).reduce(Standardization.Moments::merge).fit();
    }

    /**
     * The same cached rows, standardized with {@code standardization} as they are copied into mini-batches;
     * closing either releases the cache.
     */
    public PartitionedData standardizedBy(Standardization standardization) {
        return new PartitionedData(cached, rdd.map(e -> e.standardizedBy(standardization)).setName(rdd.name()),
                rows);
    }

    /**
     * Fits the vocabulary of a text source (or of the training side of one split by validation_split) on the
     * executors: each counts its part's words, the driver keeps the most frequent {@code maxTokens} minus the
     * reserved indices.
     */
    public static Vocabulary fitVocabulary(JavaSparkContext sc, String key, DataSource source, int parts,
                                           Vocabulary.Mode mode, int width, int maxTokens) {
        HadoopConf conf = new HadoopConf(sc.hadoopConfiguration());
        WordCounts counts = PartResult.values(sc.parallelize(IntStream.range(0, parts).boxed().toList(), parts)
                .map(part -> PartResult.of(part, () -> source instanceof SplitSource side
                        ? ((TextSource) side.inner()).countWords(conf.get(), part, parts, side::owns)
                        : ((TextSource) source).countWords(conf.get(), part, parts))).setName(key + " vocabulary")
                .collect()).stream().reduce(WordCounts::merge).orElseThrow();
        return new Vocabulary(mode, width, counts.top(maxTokens - Vocabulary.reserved(mode)));
    }

    private static JavaRDD<PartResult<Examples>> parts(JavaSparkContext sc, String key, DataSource source, int parts, int classes,
                                           Preprocessing preprocessing) {
        List<Integer> indexes = IntStream.range(0, parts).boxed().toList();
        ReadPartitionTask task = new ReadPartitionTask(source, sc.broadcast(new HadoopConf(sc.hadoopConfiguration())),
                parts, classes, preprocessing);
        return sc.parallelize(indexes, parts).mapPartitionsWithIndex(task, true).setName(key + " "
                + source.describe());
    }

    public JavaRDD<Examples> rdd() {
        return rdd;
    }

    public long examples() {
        return Arrays.stream(rows).asLongStream().sum();
    }

    public int largestPartition() {
        return Arrays.stream(rows).max().orElse(0);
    }

    @Override
    public void close() {
        cached.unpersist(false);
    }
}
