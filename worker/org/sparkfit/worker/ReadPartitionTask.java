package org.sparkfit.worker;

import java.io.IOException;
import java.util.Collections;
import java.util.Iterator;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.sparkfit.datasets.DataSource;
import org.sparkfit.datasets.HadoopConf;
import org.sparkfit.datasets.PartRange;
import org.sparkfit.datasets.Preprocessing;
import org.sparkfit.datasets.TokenizedPart;
import org.sparkfit.worker.cache.DataCache;
import org.sparkfit.worker.cache.DiskPart;
import org.sparkfit.worker.cache.PartCache;
import org.sparkfit.worker.cache.StoredPart;

/**
 * The Spark task that reads partition {@code i}'s own part of a data source on the executor, prepares its examples
 * (vocabulary, scale, standardization) and keeps them in memory or on local disk ({@link PartCache}), gathering on
 * the way what the driver needs to know of them ({@link PartStats}), so the data set never passes through the driver
 * and is read once. Bad data is returned as the part's {@link PartResult} rather than failing the task. The Hadoop
 * configuration comes as a broadcast, read once per executor: this task stays in the lineage of every epoch's stage
 * (the cached parts), and a configuration carried in the task itself would be deserialized by every task of every
 * epoch. A text training set's parts come tokenized by the stage before ({@link TokenizePartitionTask}) and are
 * vectorized from there, read from the source only where their word numbers were not kept; a DataFrame's come as
 * its rows.
 *
 * @param <T> what the stage before hands each task: its partition's index, its tokenized part, or its rows
 */
public final class ReadPartitionTask<T>
        implements Function2<Integer, Iterator<T>, Iterator<PartResult<ReadPart>>> {
    private static final long serialVersionUID = 1L;

    private final DataSource source;
    private final Broadcast<HadoopConf> conf;
    private final int parts;
    private final int classes;
    private final Preprocessing preprocessing;
    private final DataCache cache;
    private final PartStats.Wanted wanted;
    private final Handed<T> handed;

    /** How a task reads the part the stage before handed it; null to read the part from its source. */
    private interface Handed<T> extends java.io.Serializable {
        HandedPart part(int partition, Iterator<T> input);
    }

    /** A part handed by the stage before, read into preprocessed blocks. */
    private interface HandedPart {
        void read(Preprocessing preprocessing, long blockBytes, DataSource.Blocks blocks) throws IOException;
    }

    /**
     * @param classes       labels must be integers below this (0: real-valued targets; -1: the input has no labels)
     * @param preprocessing applied to the examples read
     * @param cache         where the parts are kept
     * @param wanted        what the read gathers of each part besides keeping it
     */
    private ReadPartitionTask(DataSource source, Broadcast<HadoopConf> conf, int parts, int classes,
                              Preprocessing preprocessing, DataCache cache, PartStats.Wanted wanted,
                              Handed<T> handed) {
        this.source = source;
        this.conf = conf;
        this.parts = parts;
        this.classes = classes;
        this.preprocessing = preprocessing;
        this.cache = cache;
        this.wanted = wanted;
        this.handed = handed;
    }

    /** Reads each partition's part from {@code source}; the task's input is its partition's index. */
    public static ReadPartitionTask<Integer> fromSource(DataSource source, Broadcast<HadoopConf> conf, int parts,
                                                        int classes, Preprocessing preprocessing, DataCache cache,
                                                        PartStats.Wanted wanted) {
        return new ReadPartitionTask<>(source, conf, parts, classes, preprocessing, cache, wanted,
                (partition, input) -> null);
    }

    /**
     * Vectorizes each partition's part of the text source {@code source} from its tokenized part, the task's input
     * (checked good by the driver), with the preprocessing's vocabulary.
     */
    public static ReadPartitionTask<PartResult<TokenizedPart>> fromTokens(
            DataSource source, Broadcast<HadoopConf> conf, int parts, int classes, Preprocessing preprocessing,
            DataCache cache, PartStats.Wanted wanted) {
        return new ReadPartitionTask<>(source, conf, parts, classes, preprocessing, cache, wanted,
                (partition, input) -> {
            TokenizedPart tokens = input.next().value();
            return tokens.kept() ? (applied, blockBytes, blocks) -> applied.read(tokens, blockBytes, blocks) : null;
        });
    }

    /**
     * Reads each partition's part from the DataFrame rows that are the task's input, their fields laid out as
     * {@code columns} says: the {@code rows} rows in contiguous ranges ({@link PartRange}). Such a part has no source
     * to read again, so it is kept in memory.
     *
     * @param source the rows' data set, for messages
     */
    public static ReadPartitionTask<Row> fromRows(DataSource source, FrameColumns columns, long rows, int parts,
                                                  int classes, Preprocessing preprocessing, PartStats.Wanted wanted) {
        return new ReadPartitionTask<>(source, null, parts, classes, preprocessing, DataCache.MEMORY, wanted,
                (partition, input) -> (applied, blockBytes, blocks) -> columns.read(input,
                        PartRange.of(rows, partition, parts).start(), Math.max(0, classes), blockBytes,
                        applied.applied(blocks)));
    }

    @Override
    public Iterator<PartResult<ReadPart>> call(Integer partition, Iterator<T> input) throws Exception {
        HandedPart handedPart = handed.part(partition, input);
        return Collections.singletonList(PartResult.of(partition, () -> {
            PartStats stats = new PartStats(classes, wanted);
            return new ReadPart(read(partition, cache, stats, handedPart), stats);
        })).iterator();
    }

    /**
     * Reads the part into {@code where}, as handed by the stage before when it was, else from the source, each
     * block added to {@code stats} on its way. A part on disk read again elsewhere is read from the source.
     */
    private StoredPart read(int partition, DataCache where, PartStats stats, HandedPart handedPart)
            throws IOException {
        PartCache part = new PartCache(where, PartCache.budget(), PartCache.WINDOW_BYTES, PartCache::localFile,
                () -> (DiskPart) read(partition, DataCache.DISK, new PartStats(classes, wanted), null));
        try {
            if (handedPart != null) {
                handedPart.read(preprocessing, PartCache.BLOCK_BYTES, stats.gathering(part));
            } else {
                preprocessing.read(source, conf.value().get(), partition, parts, Math.max(0, classes),
                        PartCache.BLOCK_BYTES, stats.gathering(part));
            }
            return part.finish();
        } catch (IOException | RuntimeException e) {
            part.abandon();
            throw e;
        }
    }
}
