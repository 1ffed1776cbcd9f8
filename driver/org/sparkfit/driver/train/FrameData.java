package org.sparkfit.driver.train;

import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.sparkfit.datasets.DataShape;
import org.sparkfit.datasets.DataSource;
import org.sparkfit.datasets.Examples;
import org.sparkfit.datasets.PartRange;
import org.sparkfit.driver.UserInputException;
import org.sparkfit.worker.FrameColumns;
import scala.Tuple2;

/**
 * A data set given as a DataFrame's rows, each holding an example's features and label
 * ({@link FrameColumns#FEATURES}, {@link FrameColumns#LABEL}), in as many partitions as the job has workers: the
 * executors read their partition's rows as they would their part of a file ({@link PartitionedData#read}), and
 * the driver holds none of them.
 */
public final class FrameData implements DataSource {
    private static final long serialVersionUID = 1L;

    private final transient JavaRDD<Row> rows;
    private final long count;
    private final FrameColumns columns;
    private final String name;

    private FrameData(JavaRDD<Row> rows, long count, FrameColumns columns, String name) {
        this.rows = rows;
        this.count = count;
        this.columns = columns;
        this.name = name;
    }

    /**
     * The rows of {@code frame} (its features and label, {@link FrameColumns#FEATURES}, {@link FrameColumns#LABEL})
     * in {@code parts} partitions of contiguous rows in the frame's order, split as a file's records are split
     * ({@link PartRange}), so that the same rows train as they do from a file.
     *
     * @param name what the rows are, for messages: e.g. {@code the training rows}
     */
    public static FrameData inParts(Dataset<Row> frame, int parts, FrameColumns columns, String name) {
        JavaRDD<Row> rows = frame.javaRDD();
        // Each partition's row count, then each row's number: one pass over the frame before the shuffle.
        List<Long> counts = rows.mapPartitions(partition -> {
            long count = 0;
            for (; partition.hasNext(); partition.next()) {
                count++;
            }
            return List.of(count).iterator();
        }).collect();
        long[] starts = new long[counts.size() + 1];
        for (int p = 0; p < counts.size(); p++) {
            starts[p + 1] = starts[p] + counts.get(p);
        }
        long total = starts[counts.size()];
        JavaPairRDD<Long, Row> numbered = JavaPairRDD.fromJavaRDD(rows.mapPartitionsWithIndex((p, partition) ->
                new Iterator<Tuple2<Long, Row>>() {
                    private long number = starts[p];

                    @Override
                    public boolean hasNext() {
                        return partition.hasNext();
                    }

                    @Override
                    public Tuple2<Long, Row> next() {
                        return new Tuple2<>(number++, partition.next());
                    }
                }, true));
        if (total < parts) {
            throw new UserInputException(name + " of the DataFrame: " + total + (total == 1 ? " row" : " rows")
                    + ", too few to give each of " + parts + " workers one; lower spark.workers or add data");
        }
        return new FrameData(numbered.repartitionAndSortWithinPartitions(new ByRange(total, parts)).values(), total,
                columns, name);
    }

    /** Sends row number {@code i} to the part whose range holds it. */
    private static final class ByRange extends Partitioner {
        private static final long serialVersionUID = 1L;
        private final long total;
        private final int parts;

        ByRange(long total, int parts) {
            this.total = total;
            this.parts = parts;
        }

        @Override
        public int numPartitions() {
            return parts;
        }

        @Override
        public int getPartition(Object key) {
            return PartRange.partOf((Long) key, total, parts);
        }
    }

    JavaRDD<Row> rows() {
        return rows;
    }

    long count() {
        return count;
    }

    FrameColumns columns() {
        return columns;
    }

    @Override
    public String describe() {
        return name + " of the DataFrame";
    }

    /** The width every row is checked against when it is read; the number of rows is not counted ahead. */
    @Override
    public DataShape inspect(Configuration conf) {
        return new DataShape(-1, new int[] {columns.width()});
    }

    /** Never called: the rows are handed to the tasks that read them, and kept in memory, never read again. */
    @Override
    public Examples read(Configuration conf, int part, int parts, int classes) throws IOException {
        throw new IllegalStateException(describe() + " are handed to the tasks that read them");
    }
}
