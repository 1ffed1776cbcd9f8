package org.sparkfit.driver.train;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.sparkfit.datasets.DataSource;
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
import org.sparkfit.worker.cache.DataCache;
import org.sparkfit.worker.cache.PartCache;
import org.sparkfit.worker.cache.StoredPart;

/**
 * A data set read by the executors, one {@link StoredPart} per partition, each executor reading its own part and
 * keeping it for the whole job in memory or on its local disk ({@link DataCache}); the driver keeps only each
 * partition's row count and where it is kept.
 */
public final class PartitionedData implements AutoCloseable {
    private final JavaRDD<PartResult<StoredPart>> cached;
    private final JavaRDD<StoredPart> rdd;
    private final List<Kept> kept;
    private final DataCache cache;

    private PartitionedData(JavaRDD<PartResult<StoredPart>> cached, JavaRDD<StoredPart> rdd, List<Kept> kept,
                            DataCache cache) {
        this.cached = cached;
        this.rdd = rdd;
        this.kept = kept;
        this.cache = cache;
    }

    /**
     * A part's rows, where it is kept, the bytes it takes there, and the most its executor keeps in memory
     * ({@link PartCache#budget()}).
     */
    private record Kept(int rows, DataCache where, long bytes, long budget) implements java.io.Serializable {
    }

    /**
     * Reads {@code source} in {@code parts} parts, each kept where {@code cache} says.
     *
     * @param key     the job-file key of the source, for messages
     * @param classes labels must be integers below this (0: real-valued; -1: no labels)
     */
    public static PartitionedData read(JavaSparkContext sc, String key, DataSource source, int parts, int classes,
                                       Preprocessing preprocessing, DataCache cache) {
        JavaRDD<PartResult<StoredPart>> rdd = parts(sc, key, source, parts, classes, preprocessing, cache)
                .persist(StorageLevel.MEMORY_ONLY());
        List<Kept> kept;
        try {
            kept = PartResult.values(rdd.map(part -> part.map(p -> new Kept(p.rows(), p.where(), p.bytes(),
                    PartCache.budget()))).collect());
        } catch (RuntimeException e) {
            rdd.unpersist(false);
            throw e;
        }
        for (Kept part : kept) {
            if (part.rows() == 0) {
                rdd.unpersist(false);
                throw new UserInputException(key + ": " + source.describe() + " holds "
                        + kept.stream().mapToLong(Kept::rows).sum() + " examples, too few to give each of " + parts
                        + " workers one; lower spark.workers or add data");
            }
        }
        return new PartitionedData(rdd, rdd.map(PartResult::value).setName(rdd.name()), kept, cache);
    }

    /**
     * Where the parts are kept and how much they take, e.g. {@code memory (2 parts, 23.5 MB)} or {@code local disk
     * (2 parts, 1.5 GB)}, or both.
     */
    public String where() {
        List<String> places = new ArrayList<>();
        for (DataCache place : List.of(DataCache.MEMORY, DataCache.DISK)) {
            List<Kept> here = kept.stream().filter(k -> k.where() == place).toList();
            if (!here.isEmpty()) {
                places.add((place == DataCache.MEMORY ? "memory" : "local disk") + " (" + here.size()
                        + (here.size() == 1 ? " part, " : " parts, ") + megabytes(here.stream()
                        .mapToLong(Kept::bytes).sum()) + ")");
            }
        }
        return String.join(" and ", places);
    }

    /**
     * How {@code spark.data_cache} chose, e.g. {@code spark.data_cache: auto keeps a part of up to 785.0 MB in
     * memory} (the smallest executor's share), or {@code spark.data_cache: disk}.
     */
    public String choice() {
        return "spark.data_cache: " + cache.key() + (cache != DataCache.AUTO ? "" : " keeps a part of up to "
                + megabytes(kept.stream().mapToLong(Kept::budget).min().orElse(0)) + " in memory");
    }

    /** Where the parts are kept, as the job key names it: {@code memory}, {@code disk}, or {@code memory and disk}. */
    public String cache() {
        return kept.stream().map(k -> k.where().key()).distinct().sorted(Comparator.reverseOrder())
                .collect(java.util.stream.Collectors.joining(" and "));
    }

    private static String megabytes(long bytes) {
        return bytes >= 1L << 30 ? String.format(java.util.Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30))
                : String.format(java.util.Locale.ROOT, "%.1f MB", bytes / (double) (1L << 20));
    }

    /**
     * The standardization of this data's (scaled) features: mean and deviation per feature from the cached rows,
     * in one job that reads nothing again.
     */
    public Standardization fitStandardization() {
        return rdd.map(part -> part.fold(Standardization.Moments::new, Standardization.Moments::merge))
                .reduce(Standardization.Moments::merge).fit();
    }

    /**
     * The same cached rows, standardized with {@code standardization} as they are copied into mini-batches;
     * closing either releases the cache.
     */
    public PartitionedData standardizedBy(Standardization standardization) {
        return new PartitionedData(cached, rdd.map(part -> part.standardizedBy(standardization))
                .setName(rdd.name()), kept, cache);
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

    private static JavaRDD<PartResult<StoredPart>> parts(JavaSparkContext sc, String key, DataSource source,
                                                         int parts, int classes, Preprocessing preprocessing,
                                                         DataCache cache) {
        List<Integer> indexes = IntStream.range(0, parts).boxed().toList();
        ReadPartitionTask task = new ReadPartitionTask(source, sc.broadcast(new HadoopConf(sc.hadoopConfiguration())),
                parts, classes, preprocessing, cache);
        return sc.parallelize(indexes, parts).mapPartitionsWithIndex(task, true).setName(key + " "
                + source.describe());
    }

    public JavaRDD<StoredPart> rdd() {
        return rdd;
    }

    public long examples() {
        return kept.stream().mapToLong(Kept::rows).sum();
    }

    public int largestPartition() {
        return kept.stream().mapToInt(Kept::rows).max().orElse(0);
    }

    @Override
    public void close() {
        cached.unpersist(false);
    }
}
