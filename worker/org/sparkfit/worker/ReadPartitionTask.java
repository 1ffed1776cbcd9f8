package org.sparkfit.worker;

import java.util.Collections;
import java.util.Iterator;
import org.apache.spark.api.java.function.Function2;
import org.sparkfit.datasets.DataSource;
import org.sparkfit.datasets.Examples;
import org.sparkfit.datasets.HadoopConf;

/**
 * The Spark task that reads partition {@code i}'s own part of a data source on the executor and scales its
 * features, so the data set never passes through the driver.
 */
public final class ReadPartitionTask implements Function2<Integer, Iterator<Integer>, Iterator<Examples>> {
    private static final long serialVersionUID = 1L;

    private final DataSource source;
    private final HadoopConf conf;
    private final int parts;
    private final int classes;
    private final double scale;

    /**
     * @param classes labels must be integers below this (0: real-valued targets; -1: the input has no labels)
     * @param scale   features are divided by this
     */
    public ReadPartitionTask(DataSource source, HadoopConf conf, int parts, int classes, double scale) {
        this.source = source;
        this.conf = conf;
        this.parts = parts;
        this.classes = classes;
        this.scale = scale;
    }

    @Override
    public Iterator<Examples> call(Integer partition, Iterator<Integer> ignored) throws Exception {
        Examples data = source.read(conf.get(), partition, parts, Math.max(0, classes));
        return Collections.singletonList(scale == 1.0 ? data : data.scaleBy((float) (1.0 / scale))).iterator();
    }
}
