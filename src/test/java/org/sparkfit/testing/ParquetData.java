package org.sparkfit.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Synthetic sets written as Parquet by Spark SQL itself ({@code DataFrame.write().parquet}), or as a directory of
 * CSV part files ({@code write().csv}), on the shared test context, so the readers are tested on the files users'
 * Spark jobs write, not on an imitation of them.
 */
public final class ParquetData {
    private ParquetData() {
    }

    /** How the features are stored, with the label column's type Spark jobs commonly give it. */
    public enum Layout {
        /** One nullable double column per feature ({@code f0, f1, ...}) and a long label. */
        COLUMNS,
        /** One {@code array<float>} column and an int label. */
        ARRAY,
        /** One Spark ML vector column (sparse for odd rows, dense for even) and a double label, as ML pipelines do. */
        VECTOR
    }

    /**
     * Writes {@code set} to the directory {@code dir} as {@code files} part files (Spark's {@code part-0000N-...}
     * names, in row order, and a {@code _SUCCESS} marker).
     */
    public static void write(TestData.Set set, Path dir, int files, Layout layout) {
        frame(set, files, layout).write().parquet(dir.toString());
    }

    /** {@code set} as a DataFrame of {@code partitions} partitions of rows in order, its columns as {@code layout}. */
    public static Dataset<Row> frame(TestData.Set set, int partitions, Layout layout) {
        List<StructField> fields = new ArrayList<>();
        switch (layout) {
            case COLUMNS -> {
                for (int i = 0; i < set.width(); i++) {
                    fields.add(DataTypes.createStructField("f" + i, DataTypes.DoubleType, true));
                }
                fields.add(DataTypes.createStructField("label", DataTypes.LongType, true));
            }
            case ARRAY -> {
                fields.add(DataTypes.createStructField("features",
                        DataTypes.createArrayType(DataTypes.FloatType, true), true));
                fields.add(DataTypes.createStructField("label", DataTypes.IntegerType, true));
            }
            case VECTOR -> {
                fields.add(DataTypes.createStructField("features", SQLDataTypes.VectorType(), true));
                fields.add(DataTypes.createStructField("label", DataTypes.DoubleType, true));
            }
        }
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < set.rows(); r++) {
            rows.add(row(set, r, layout));
        }
        return session().createDataFrame(SharedSpark.context().parallelize(rows, partitions),
                DataTypes.createStructType(fields));
    }

    /** Writes {@code rows} of {@code schema} to the directory {@code dir} as {@code files} part files. */
    public static void write(List<Row> rows, StructType schema, Path dir, int files) {
        session().createDataFrame(SharedSpark.context().parallelize(rows, files), schema).write()
                .parquet(dir.toString());
    }

    /**
     * Writes {@code set} to the directory {@code dir} as {@code files} CSV part files with a header line each
     * ({@code f0,...,label}; features alone when {@code withLabel} is false), in row order, as Spark SQL writes them
     * (doubles as {@code 12.0}).
     */
    public static void writeCsv(TestData.Set set, Path dir, int files, boolean withLabel) {
        List<StructField> fields = new ArrayList<>();
        for (int i = 0; i < set.width(); i++) {
            fields.add(DataTypes.createStructField("f" + i, DataTypes.DoubleType, false));
        }
        if (withLabel) {
            fields.add(DataTypes.createStructField("label", DataTypes.LongType, false));
        }
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < set.rows(); r++) {
            Row full = row(set, r, Layout.COLUMNS);
            Object[] values = new Object[fields.size()];
            for (int c = 0; c < values.length; c++) {
                values[c] = full.get(c);
            }
            rows.add(RowFactory.create(values));
        }
        session().createDataFrame(SharedSpark.context().parallelize(rows, files), DataTypes.createStructType(fields))
                .write().option("header", true).csv(dir.toString());
    }

    private static Row row(TestData.Set set, int r, Layout layout) {
        int base = r * set.width();
        int label = set.labels()[r];
        switch (layout) {
            case COLUMNS -> {
                Object[] values = new Object[set.width() + 1];
                for (int i = 0; i < set.width(); i++) {
                    values[i] = (double) set.features()[base + i];
                }
                values[set.width()] = (long) label;
                return RowFactory.create(values);
            }
            case ARRAY -> {
                List<Float> features = new ArrayList<>();
                for (int i = 0; i < set.width(); i++) {
                    features.add(set.features()[base + i]);
                }
                return RowFactory.create(features.toArray(), label);
            }
            default -> {
                double[] dense = new double[set.width()];
                for (int i = 0; i < set.width(); i++) {
                    dense[i] = set.features()[base + i];
                }
                return RowFactory.create(r % 2 == 1 ? Vectors.dense(dense).toSparse() : Vectors.dense(dense),
                        (double) label);
            }
        }
    }

    /** Spark SQL's session on the shared test context. */
    public static SparkSession session() {
        SharedSpark.context();
        return SparkSession.builder().getOrCreate();
    }
}
