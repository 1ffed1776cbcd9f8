package org.sparkfit.driver.train;

import java.io.Serializable;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparkfit.datasets.DataSource;
import org.sparkfit.datasets.HadoopConf;
import org.sparkfit.datasets.TokenizedPart;
import org.sparkfit.datasets.Vocabulary;
import org.sparkfit.datasets.WordCounts;
import org.sparkfit.worker.PartResult;
import org.sparkfit.worker.TokenizePartitionTask;

/**
 * A text training set read by the executors as word numbers ({@link TokenizedPart}), one part per partition, kept in
 * Spark's cache (in memory, else on disk) between the job that counts its words, from which the driver fits the
 * vocabulary, and the read that vectorizes each part with it ({@link PartitionedData#read(String, TokenizedText,
 * int, org.sparkfit.datasets.Preprocessing, org.sparkfit.worker.cache.DataCache,
 * org.sparkfit.worker.PartStats.Wanted)}): the text is read once. Closing it releases the cache.
 */
public final class TokenizedText implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TokenizedText.class);

    private final JavaRDD<PartResult<TokenizedPart>> rdd;
    private final Broadcast<HadoopConf> conf;
    private final DataSource source;
    private final int parts;
    private final WordCounts counts;

    private TokenizedText(JavaRDD<PartResult<TokenizedPart>> rdd, Broadcast<HadoopConf> conf, DataSource source,
                          int parts, WordCounts counts) {
        this.rdd = rdd;
        this.conf = conf;
        this.source = source;
        this.parts = parts;
        this.counts = counts;
    }

    /** What the driver learns of a tokenized part: its word counts, and whether and how big its word numbers are. */
    private record Counted(WordCounts counts, boolean kept, long bytes) implements Serializable {
    }

    /**
     * Reads {@code source} (a text source, or the training side of a validation_split over one) in {@code parts}
     * parts as word numbers and counts them.
     *
     * @param key     the job-file key of the source, for messages
     * @param classes labels must be integers below this (0: real-valued)
     */
    public static TokenizedText read(JavaSparkContext sc, String key, DataSource source, int parts, int classes) {
        Broadcast<HadoopConf> conf = sc.broadcast(new HadoopConf(sc.hadoopConfiguration()));
        JavaRDD<PartResult<TokenizedPart>> rdd = sc.parallelize(IntStream.range(0, parts).boxed().toList(), parts)
                .mapPartitionsWithIndex(new TokenizePartitionTask(source, conf, parts, classes), true)
                .setName(key + " " + source.describe() + " words").persist(StorageLevel.MEMORY_AND_DISK());
        List<Counted> counted;
        try {
            counted = PartResult.values(rdd.map(part -> part.map(t -> new Counted(t.counts(), t.kept(), t.bytes())))
                    .collect());
        } catch (RuntimeException e) {
            rdd.unpersist(false);
            throw e;
        }
        for (int part = 0; part < parts; part++) {
            if (!counted.get(part).kept()) {
                LOG.warn("{}: part {} of {} is read twice, to count its words then to vectorize them: its words would "
                        + "take {} MB, more than its share of the executor's storage memory; give executors more "
                        + "memory or raise spark.workers", key, part, source.describe(),
                        counted.get(part).bytes() >> 20);
            }
        }
        return new TokenizedText(rdd, conf, source, parts, counted.stream().map(Counted::counts)
                .reduce(WordCounts::merge).orElseThrow());
    }

    /** The vocabulary of {@code mode} fitted on these words: the most frequent {@code maxTokens} less the reserved. */
    public Vocabulary vocabulary(Vocabulary.Mode mode, int width, int maxTokens) {
        return new Vocabulary(mode, width, counts.top(maxTokens - Vocabulary.reserved(mode)));
    }

    JavaRDD<PartResult<TokenizedPart>> rdd() {
        return rdd;
    }

    Broadcast<HadoopConf> conf() {
        return conf;
    }

    DataSource source() {
        return source;
    }

    int parts() {
        return parts;
    }

    @Override
    public void close() {
        rdd.unpersist(false);
    }
}
