package org.sparkfit.worker;

import java.io.IOException;
import java.util.Collections;
import java.util.Iterator;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.sparkfit.datasets.DataSource;
import org.sparkfit.datasets.HadoopConf;
import org.sparkfit.datasets.Preprocessing;
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
 * epoch.
 */
public final class ReadPartitionTask
        implements Function2<Integer, Iterator<Integer>, Iterator<PartResult<ReadPart>>> {
    private static final long serialVersionUID = 1L;

    private final DataSource source;
    private final Broadcast<HadoopConf> conf;
    private final int parts;
    private final int classes;
    private final Preprocessing preprocessing;
    private final DataCache cache;
    private final PartStats.Wanted wanted;

    /**
     * @param classes       labels must be integers below this (0: real-valued targets; -1: the input has no labels)
     * @param preprocessing applied to the examples read
     * @param cache         where the parts are kept
     * @param wanted        what the read gathers of each part besides keeping it
     */
    public ReadPartitionTask(DataSource source, Broadcast<HadoopConf> conf, int parts, int classes,
                             Preprocessing preprocessing, DataCache cache, PartStats.Wanted wanted) {
        this.source = source;
        this.conf = conf;
        this.parts = parts;
        this.classes = classes;
        this.preprocessing = preprocessing;
        this.cache = cache;
        this.wanted = wanted;
    }

    @Override
    public Iterator<PartResult<ReadPart>> call(Integer partition, Iterator<Integer> ignored) throws Exception {
        return Collections.singletonList(PartResult.of(partition, () -> {
            PartStats stats = new PartStats(classes, wanted);
            return new ReadPart(read(partition, cache, stats), stats);
        })).iterator();
    }

    /** Reads the part into {@code where}, each block added to {@code stats} on its way. */
    private StoredPart read(int partition, DataCache where, PartStats stats) throws IOException {
        PartCache part = new PartCache(where, PartCache.budget(), PartCache.WINDOW_BYTES, PartCache::localFile,
                () -> (DiskPart) read(partition, DataCache.DISK, new PartStats(classes, wanted)));
        try {
            preprocessing.read(source, conf.value().get(), partition, parts, Math.max(0, classes),
                    PartCache.BLOCK_BYTES, stats.gathering(part));
            return part.finish();
        } catch (IOException | RuntimeException e) {
            part.abandon();
            throw e;
        }
    }
}
