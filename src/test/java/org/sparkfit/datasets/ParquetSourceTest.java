package org.sparkfit.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sparkfit.testing.SameRows.assertSameRows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.sparkfit.testing.ParquetData;
import org.sparkfit.testing.TestData;

/**
 * Parquet directories that Spark SQL wrote, read in parts of contiguous rows: feature columns, an array column or
 * Spark ML vectors.
 */
class ParquetSourceTest {
    private final Configuration conf = new Configuration();

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(ParquetData.Layout.class)
    void partsTogetherAreTheRowsInOrder(ParquetData.Layout layout) throws Exception {
        TestData.Set set = TestData.planted(90, 6, 3, 1);
        ParquetData.write(set, dir.resolve("data"), 3, layout);
        ParquetSource source = new ParquetSource(dir.resolve("data").toString(), null, "label", true);
        assertEquals(new DataShape(90, new int[] {6}), source.inspect(conf));
        float[] features = new float[90 * 6];
        float[] labels = new float[90];
        int seen = 0;
        for (int part = 0; part < 4; part++) {
            Examples examples = source.read(conf, part, 4, 3);
            assertEquals(PartRange.of(90, part, 4).size(), examples.rows(), "rows of part " + part);
            for (int i = 0; i < examples.rows(); i++) {
                int row = (int) examples.rowKey(i);
                System.arraycopy(examples.features(), i * 6, features, row * 6, 6);
                labels[row] = examples.label(i);
                seen++;
            }
        }
        assertEquals(90, seen);
        assertArrayEquals(set.features(), features);
        java.util.List<Examples> blocks = new java.util.ArrayList<>();
        source.read(conf, 1, 4, 3, 5 * 6 * Float.BYTES, blocks::add);
        Examples whole = source.read(conf, 1, 4, 3);
        assertEquals((whole.rows() + 4) / 5, blocks.size(), "blocks of 5 rows");
        assertSameRows(whole, Examples.concat(blocks));
        float[] expected = new float[90];
        for (int r = 0; r < 90; r++) {
            expected[r] = set.labels()[r];
        }
        assertArrayEquals(expected, labels);
    }

    @Test
    void oneRowGroupIsSharedEvenly() throws Exception {
        ParquetData.write(TestData.planted(91, 4, 2, 1), dir.resolve("data"), 1, ParquetData.Layout.COLUMNS);
        ParquetSource source = new ParquetSource(dir.resolve("data").toString(), null, "label", true);
        Examples first = source.read(conf, 0, 2, 2);
        Examples second = source.read(conf, 1, 2, 2);
        assertEquals(45, first.rows());
        assertEquals(46, second.rows());
        assertEquals(45, second.rowKey(0));
    }

    @Test
    void anEmptyFirstPartFileIsPassedOver() throws Exception {
        TestData.Set set = TestData.planted(20, 6, 3, 1);
        ParquetData.write(set, dir.resolve("data"), 2, ParquetData.Layout.VECTOR);
        ParquetData.write(TestData.planted(0, 6, 3, 1), dir.resolve("empty"), 1, ParquetData.Layout.VECTOR);
        try (Stream<Path> files = Files.list(dir.resolve("empty"))) {
            Path empty = files.filter(p -> p.getFileName().toString().startsWith("part-")).findFirst().orElseThrow();
            Files.move(empty, dir.resolve("data").resolve("part-0.parquet"));
        }
        ParquetSource source = new ParquetSource(dir.resolve("data").toString(), null, "label", true);
        assertEquals(new DataShape(20, new int[] {6}), source.inspect(conf));
        Examples all = source.read(conf, 0, 1, 3);
        assertArrayEquals(set.features(), all.features());
    }

    @Test
    void chosenColumnsAndMistakes() throws Exception {
        ParquetData.write(TestData.planted(10, 4, 2, 1), dir.resolve("data"), 1, ParquetData.Layout.COLUMNS);
        Examples two = new ParquetSource(dir.resolve("data").toString(), List.of("f3", "f0"), "label", true)
                .read(conf, 0, 1, 2);
        assertEquals(2, two.width());
        DataFormatException missing = assertThrows(DataFormatException.class, () -> new ParquetSource(
                dir.resolve("data").toString(), null, "y", true).inspect(conf));
        String part;
        try (Stream<Path> files = Files.list(dir.resolve("data"))) {
            part = files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("part-")).findFirst()
                    .orElseThrow();
        }
        assertEquals(dir.resolve("data") + ": " + part + " has no column 'y'; columns are [f0, f1, f2, f3, label] "
                + "(set label to the label column)", missing.getMessage());

        StructType schema = new StructType().add("x", DataTypes.DoubleType).add("label", DataTypes.LongType);
        ParquetData.write(List.of(RowFactory.create(1.0, 0L), RowFactory.create(null, 1L)), schema,
                dir.resolve("holes"), 1);
        DataFormatException hole = assertThrows(DataFormatException.class, () -> new ParquetSource(
                dir.resolve("holes").toString(), null, "label", true).read(conf, 0, 1, 2));
        assertTrue(hole.getMessage().endsWith(": row 1: column 'x' is null; remove or fill the row"),
                hole.getMessage());

        StructType arrays = new StructType().add("x", DataTypes.createArrayType(DataTypes.FloatType))
                .add("label", DataTypes.LongType);
        ParquetData.write(List.of(RowFactory.create(new Float[] {1f, 2f}, 0L), RowFactory.create(new Float[] {3f,
                null}, 1L)), arrays, dir.resolve("array-holes"), 1);
        DataFormatException element = assertThrows(DataFormatException.class, () -> new ParquetSource(
                dir.resolve("array-holes").toString(), null, "label", true).read(conf, 0, 1, 2));
        assertTrue(element.getMessage().endsWith(": row 1: the feature column's value 1 is null; remove or fill the "
                + "row"), element.getMessage());
    }
}
