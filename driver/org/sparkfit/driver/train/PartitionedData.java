package org.sparkfit.driver.train;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.sparkfit.datasets.DataSource;
import org.sparkfit.datasets.Examples;
import org.sparkfit.datasets.HadoopConf;
import org.sparkfit.driver.UserInputException;
import org.sparkfit.worker.ReadPartitionTask;

/**
 * A data set read into executor memory as one {@link Examples} block per partition, each executor reading its own
 * part, cached for the whole job; the driver keeps only the row count of each partition.
 */
public final class PartitionedData implements AutoCloseable {
    private final JavaRDD<Examples> rdd;
    private final int[] rows;

    private PartitionedData(JavaRDD<Examples> rdd, int[] rows) {
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
                                       double scale) {
        List<Integer> indexes = IntStream.range(0, parts).boxed().toList();
        ReadPartitionTask task = new ReadPartitionTask(source, new HadoopConf(sc.hadoopConfiguration()), parts,
                classes, scale);
        JavaRDD<Examples> rdd = sc.parallelize(indexes, parts).mapPartitionsWithIndex(task, true)
                .setName(key + " " + source.describe()).persist(StorageLevel.MEMORY_ONLY());
        int[] rows = rdd.map(Examples::rows).collect().stream().mapToInt(Integer::intValue).toArray();
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] == 0) {
                rdd.unpersist(false);
                throw new UserInputException(key + ": " + source.describe() + " holds "
                        + Arrays.stream(rows).sum() + " examples, too few to give each of " + parts
                        + " workers one; lower spark.workers or add data");
            }
        }
        return new PartitionedData(rdd, rows);
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
        rdd.unpersist(false);
    }
}
