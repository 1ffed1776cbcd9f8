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
 * (vocabulary, scale, standardization) and keeps them in memory or on local disk ({@link PartCache}), so the data
 * set never passes through the driver. Bad data is returned as the part's {@link PartResult} rather than failing the
 * task. The Hadoop configuration comes as a broadcast, read once per executor: this task stays in the lineage of
 * every epoch's stage (the cached parts), and a configuration carried in the task itself would be deserialized by
 * every task of every epoch.
 */
public final class ReadPartitionTask
        implements Function2<Integer, Iterator<Integer>, Iterator<PartResult<StoredPart>>> {
    private static final long serialVersionUID = 1L;

    private final DataSource source;
    private final Broadcast<HadoopConf> conf;
    private final int parts;
    private final int classes;
    private final Preprocessing preprocessing;
    private final DataCache cache;

    /**
     * @param classes       labels must be integers below this (0: real-valued targets; -1: the input has no labels)
     * @param preprocessing applied to the examples read
     * @param cache         where the parts are kept
     */
    public ReadPartitionTask(DataSource source, Broadcast<HadoopConf> conf, int parts, int classes,
                             Preprocessing preprocessing, DataCache cache) {
        this.source = source;
        this.conf = conf;
        this.parts = parts;
        this.classes = classes;
        this.preprocessing = preprocessing;
        this.cache = cache;
    }

    @Override
    public Iterator<PartResult<StoredPart>> call(Integer partition, Iterator<Integer> ignored) throws Exception {
        return Collections.singletonList(PartResult.of(partition, () -> read(partition, cache))).iterator();
    }

    private StoredPart read(int partition, DataCache where) throws IOException {
        PartCache part = new PartCache(where, PartCache.budget(), PartCache.WINDOW_BYTES, PartCache::localFile,
                () -> (DiskPart) read(partition, DataCache.DISK));
        try {
            preprocessing.read(source, conf.value().get(), partition, parts, Math.max(0, classes),
                    PartCache.BLOCK_BYTES, part);
            return part.finish();
        } catch (IOException | RuntimeException e) {
            part.abandon();
            throw e;
        }
    }
}
