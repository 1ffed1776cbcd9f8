package org.sparkfit.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.sparkfit.datasets.DataFormatException;
import org.sparkfit.datasets.Examples;
import scala.collection.JavaConverters;

/** A DataFrame partition's rows read into example blocks, whatever mix of vector kinds they hold. */
class FrameColumnsTest {
    private static final FrameColumns COLUMNS = new FrameColumns("features", "label", 4);
    private static final float[][] VALUES = {{0, 2, 0, 0}, {1, 0, 0, 3}, {0, 0, 0, 0}, {5, 6, 7, 8}};

    private static Examples read(List<Row> rows, long firstRow) throws Exception {
        List<Examples> blocks = new ArrayList<>();
        COLUMNS.read(rows.iterator(), firstRow, 3, 40, blocks::add);
        return Examples.concat(blocks);
    }

    private static double[] doubles(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    /** The rows as {@code kind(i)} says: 's' a sparse vector, 'd' a dense one, 'a' an array of floats. */
    private static List<Row> rows(String kinds) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < VALUES.length; i++) {
            Object features = switch (kinds.charAt(i)) {
                case 's' -> Vectors.dense(doubles(VALUES[i])).toSparse();
                case 'd' -> Vectors.dense(doubles(VALUES[i]));
                default -> {
                    List<Float> array = new ArrayList<>();
                    for (float v : VALUES[i]) {
                        array.add(v);
                    }
                    yield JavaConverters.asScalaBuffer(array).toSeq();
                }
            };
            rows.add(RowFactory.create(features, (double) (i % 3)));
        }
        return rows;
    }

    @Test
    void everyMixOfSparseDenseAndArrayRowsReadsAsTheSameExamples() throws Exception {
        float[] expected = new float[16];
        for (int i = 0; i < 4; i++) {
            System.arraycopy(VALUES[i], 0, expected, i * 4, 4);
        }
        for (String kinds : List.of("ssss", "dddd", "sdsd", "dsds", "aaaa", "sada")) {
            Examples read = read(rows(kinds), 10);
            assertEquals(4, read.rows(), kinds);
            assertArrayEquals(expected, read.features(), kinds);
            assertArrayEquals(new float[] {0, 1, 2, 0}, read.labels(), kinds);
            assertEquals(13, read.rowKey(3), kinds);
        }
    }

    @Test
    void aBadRowIsNamedByItsColumnAndNumber() {
        List<Row> rows = new ArrayList<>(rows("dddd"));
        rows.set(2, RowFactory.create(Vectors.dense(1, 2, 3), 0.0));
        assertEquals("featuresCol 'features': row 12 holds 3 values but the model takes 4 features; fix the model's "
                + "input or the column", assertThrows(DataFormatException.class, () -> read(rows, 10)).getMessage());
        rows.set(2, RowFactory.create(Vectors.dense(1, Double.NaN, 3, 4), 0.0));
        assertEquals("featuresCol 'features': row 12: value 1 is NaN; every feature must be a finite number",
                assertThrows(DataFormatException.class, () -> read(rows, 10)).getMessage());
        rows.set(2, RowFactory.create(Vectors.dense(1, 2, 3, 4), null));
        assertEquals("labelCol 'label': row 12: holds null; remove or fix the row", assertThrows(
                DataFormatException.class, () -> read(rows, 10)).getMessage());
        rows.set(2, RowFactory.create("1,2,3,4", 1.0));
        assertEquals("featuresCol 'features': row 12 holds a String, not a Spark ML vector or an array of numbers",
                assertThrows(DataFormatException.class, () -> read(rows, 10)).getMessage());
    }
}
