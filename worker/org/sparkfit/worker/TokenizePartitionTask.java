package org.sparkfit.worker;

import java.util.Collections;
import java.util.Iterator;
import java.util.function.LongPredicate;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.sparkfit.datasets.DataSource;
import org.sparkfit.datasets.HadoopConf;
import org.sparkfit.datasets.SplitSource;
import org.sparkfit.datasets.TextSource;
import org.sparkfit.datasets.TokenizedPart;
import org.sparkfit.worker.cache.PartCache;

/**
 * The Spark task that reads partition {@code i}'s own part of a text training set (the whole text source, or the
 * training side of a validation_split over one) as word numbers and counts ({@link TokenizedPart}), the first of
 * the two stages of its read: the driver fits the vocabulary on every part's counts, then {@link ReadPartitionTask}
 * vectorizes each part from what this task kept, without reading the text again. The word numbers are kept while
 * they fit in the part's share of the executor's memory ({@link PartCache#budget()}). Bad data is returned as the
 * part's {@link PartResult}.
 */
public final class TokenizePartitionTask
        implements Function2<Integer, Iterator<Integer>, Iterator<PartResult<TokenizedPart>>> {
    private static final long serialVersionUID = 1L;

    private final DataSource source;
    private final Broadcast<HadoopConf> conf;
    private final int parts;
    private final int classes;

    /**
     * @param source  a {@link TextSource}, or a {@link SplitSource} side over one
     * @param classes labels must be integers below this (0: real-valued targets)
     */
    public TokenizePartitionTask(DataSource source, Broadcast<HadoopConf> conf, int parts, int classes) {
        this.source = source;
        this.conf = conf;
        this.parts = parts;
        this.classes = classes;
    }

    @Override
    public Iterator<PartResult<TokenizedPart>> call(Integer partition, Iterator<Integer> ignored) throws Exception {
        SplitSource side = source instanceof SplitSource split ? split : null;
        TextSource text = (TextSource) (side != null ? side.inner() : source);
        LongPredicate keep = side != null ? side::owns : key -> true;
        return Collections.singletonList(PartResult.of(partition, () -> text.tokenize(conf.value().get(), partition,
                parts, classes, keep, PartCache.budget()))).iterator();
    }
}
