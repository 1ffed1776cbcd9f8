package org.sparkfit.worker;

import java.io.IOException;
import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.sparkfit.datasets.DataFormatException;
import org.sparkfit.datasets.DataSource;
import org.sparkfit.datasets.RowBlocks;

/**
 * The columns of a DataFrame that hold an example, as a task reads its partition's rows: the features (a Spark ML
 * vector, dense or sparse, or an array of numbers) in field {@link #FEATURES} of each row, and for labelled rows the
 * label (any numeric type) in field {@link #LABEL}. Every row is checked as a file's record is: its width against
 * the model's input, its values finite, its label against the classes.
 *
 * @param features the features column's name, for messages
 * @param label    the label column's name, for messages; null for rows without labels
 */
public record FrameColumns(String features, String label, int width) implements Serializable {
    /** The field of a row that holds its features. */
    public static final int FEATURES = 0;
    /** The field of a labelled row that holds its label. */
    public static final int LABEL = 1;

    /** These columns without the label: a model's input. */
    public FrameColumns unlabeled() {
        return new FrameColumns(features, null, width);
    }

    /**
     * Hands {@code rows} to {@code blocks} as blocks of about {@code blockBytes} of values, each row keyed by its
     * number, from {@code firstRow}; sparse vectors are kept as their entries when the first row is one.
     *
     * @param classes labels must be integers below this (0: real-valued)
     * @throws DataFormatException naming the column and row of the first bad row
     */
    public void read(Iterator<Row> rows, long firstRow, int classes, long blockBytes, DataSource.Blocks blocks)
            throws IOException {
        RowBlocks out = null;
        boolean sparseBlocks = false;
        long key = firstRow;
        while (rows.hasNext()) {
            Row row = rows.next();
            Object value = row.get(FEATURES);
            if (out == null) {
                sparseBlocks = value instanceof SparseVector;
                out = new RowBlocks(features, width, label != null, sparseBlocks, blockBytes, blocks);
            }
            long at = key;
            float y = label == null ? 0 : label(row, classes, at);
            if (sparseBlocks && value instanceof SparseVector sparse && sparse.size() == width) {
                int[] indices = sparse.indices();
                double[] values = sparse.values();
                for (int i = 0; i < indices.length; i++) {
                    out.entry(indices[i], feature(values[i], at, indices[i]));
                }
                out.endRow(y, key++);
            } else {
                out.row(values(value, at), y, key++);
            }
        }
        if (out == null) {
            out = new RowBlocks(features, width, label != null, false, blockBytes, blocks);
        }
        out.finish();
    }

    private float[] values(Object value, long row) {
        float[] values;
        if (value instanceof Vector vector) {
            values = new float[vector.size()];
            if (vector instanceof DenseVector dense) {
                double[] all = dense.values();
                for (int j = 0; j < all.length; j++) {
                    values[j] = (float) all[j];
                }
            } else {
                vector.foreachActive((j, v) -> {
                    values[(Integer) j] = (float) (double) (Double) v;
                    return null;
                });
            }
        } else if (value instanceof scala.collection.Seq<?> seq) {
            List<?> list = scala.collection.JavaConverters.seqAsJavaList(seq);
            values = new float[list.size()];
            for (int j = 0; j < values.length; j++) {
                if (!(list.get(j) instanceof Number number)) {
                    throw bad(row, "value " + j + " is " + list.get(j) + ", not a number");
                }
                values[j] = number.floatValue();
            }
        } else {
            throw bad(row, value == null ? "holds null" : "holds a " + value.getClass().getSimpleName() + ", "
                    + "not a Spark ML vector or an array of numbers");
        }
        if (values.length != width) {
            throw bad(row, "holds " + values.length + " values but the model takes " + width + " features; fix the "
                    + "model's input or the column");
        }
        for (int j = 0; j < values.length; j++) {
            feature(values[j], row, j);
        }
        return values;
    }

    private float feature(double value, long row, int column) {
        float v = (float) value;
        DataSource.checkFeature(v, "featuresCol '" + features + "'", () -> "row " + row,
                () -> "value " + column + " is " + value);
        return v;
    }

    private float label(Row row, int classes, long at) {
        Object value = row.get(LABEL);
        if (!(value instanceof Number number)) {
            throw new DataFormatException("labelCol '" + label + "': row " + at + ": " + (value == null ? "holds null"
                    : "holds " + value + ", not a number") + "; remove or fix the row");
        }
        float y = number.floatValue();
        DataSource.checkLabel(y, classes, "labelCol '" + label + "'", () -> "row " + at);
        return y;
    }

    private DataFormatException bad(long row, String what) {
        return new DataFormatException("featuresCol '" + features + "': row " + row + " " + what);
    }
}
