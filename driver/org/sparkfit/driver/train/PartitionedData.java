package org.sparkfit.driver.train;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.sparkfit.datasets.DataSource;
import org.sparkfit.datasets.HadoopConf;
import org.sparkfit.datasets.Preprocessing;
import org.sparkfit.datasets.Standardization;
import org.sparkfit.datasets.TokenizedPart;
import org.sparkfit.driver.UserInputException;
import org.sparkfit.worker.LabelStats;
import org.sparkfit.worker.PartResult;
import org.sparkfit.worker.PartStats;
import org.sparkfit.worker.ReadPart;
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
    private final JavaRDD<PartResult<ReadPart>> cached;
    private final JavaRDD<StoredPart> rdd;
    private final List<Kept> kept;
    private final DataCache cache;

    private PartitionedData(JavaRDD<PartResult<ReadPart>> cached, JavaRDD<StoredPart> rdd, List<Kept> kept,
                            DataCache cache) {
        this.cached = cached;
        this.rdd = rdd;
        this.kept = kept;
        this.cache = cache;
    }

    /**
     * A part's rows, where it is kept, the bytes it takes there, the most its executor keeps in memory
     * ({@link PartCache#budget()}), and what its read learnt of it.
     */
    private record Kept(int rows, DataCache where, long bytes, long budget, PartStats stats)
            implements java.io.Serializable {
    }

    /**
     * Reads {@code source} in {@code parts} parts, each kept where {@code cache} says; a DataFrame's rows
     * ({@link FrameData}) are read from their partitions and kept in memory.
     *
     * @param key     the job-file key of the source, for messages
     * @param classes labels must be integers below this (0: real-valued; -1: no labels)
     * @param wanted  what the read learns of the data besides its row counts ({@link #labels},
     *                {@link #fitStandardization})
     */
    public static PartitionedData read(JavaSparkContext sc, String key, DataSource source, int parts, int classes,
                                       Preprocessing preprocessing, DataCache cache, PartStats.Wanted wanted) {
        if (source instanceof FrameData frame) {
            return keep(key, source, parts, frame.rows().mapPartitionsWithIndex(ReadPartitionTask.fromRows(source,
                    frame.columns(), frame.count(), parts, classes, preprocessing, wanted), true), DataCache.MEMORY);
        }
        ReadPartitionTask<Integer> task = ReadPartitionTask.fromSource(source, sc.broadcast(new HadoopConf(
                sc.hadoopConfiguration())), parts, classes, preprocessing, cache, wanted);
        return keep(key, source, parts, sc.parallelize(IntStream.range(0, parts).boxed().toList(), parts)
                .mapPartitionsWithIndex(task, true), cache);
    }

    /**
     * Reads the tokenized text {@code text} as {@link #read(JavaSparkContext, String, DataSource, int, int,
     * Preprocessing, DataCache, PartStats.Wanted)} reads its source, each part vectorized from its word numbers with
     * the preprocessing's vocabulary (read from the source again where they were not kept).
     */
    public static PartitionedData read(String key, TokenizedText text, int classes, Preprocessing preprocessing,
                                       DataCache cache, PartStats.Wanted wanted) {
        ReadPartitionTask<PartResult<TokenizedPart>> task = ReadPartitionTask.fromTokens(text.source(), text.conf(),
                text.parts(), classes, preprocessing, cache, wanted);
        return keep(key, text.source(), text.parts(), text.rdd().mapPartitionsWithIndex(task, true), cache);
    }

    /** Runs {@code read} and keeps its parts in Spark's cache, checking that each holds an example. */
    private static PartitionedData keep(String key, DataSource source, int parts,
                                        JavaRDD<PartResult<ReadPart>> read, DataCache cache) {
        JavaRDD<PartResult<ReadPart>> rdd = read.setName(key + " " + source.describe())
                .persist(StorageLevel.MEMORY_ONLY());
        List<Kept> kept;
        try {
            kept = PartResult.values(rdd.map(part -> part.map(p -> new Kept(p.part().rows(), p.part().where(),
                    p.part().bytes(), PartCache.budget(), p.stats()))).collect());
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
        return new PartitionedData(rdd, rdd.map(r -> r.value().part()).setName(rdd.name()), kept, cache);
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
     * The standardization of this data's (scaled) features: mean and deviation per feature, from the moments its
     * read gathered ({@link PartStats.Wanted#moments()}).
     */
    public Standardization fitStandardization() {
        if (kept.stream().anyMatch(k -> k.stats().moments() == null)) {
            throw new IllegalStateException(rdd.name() + " was read without gathering its moments");
        }
        return kept.stream().map(k -> k.stats().moments()).reduce(Standardization.Moments::merge).orElseThrow()
                .fit();
    }

    /** The statistics of this data's labels, gathered by its read. */
    public LabelStats labels() {
        return kept.stream().map(k -> k.stats().labels()).reduce(LabelStats::merge).orElseThrow();
    }

    /**
     * The same cached rows, standardized with {@code standardization} as they are copied into mini-batches;
     * closing either releases the cache.
     */
    public PartitionedData standardizedBy(Standardization standardization) {
        return new PartitionedData(cached, rdd.map(part -> part.standardizedBy(standardization))
                .setName(rdd.name()), kept, cache);
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
