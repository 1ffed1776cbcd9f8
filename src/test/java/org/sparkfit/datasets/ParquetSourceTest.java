package org.sparkfit.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.sparkfit.testing.TestData;

/** Parquet directories read in parts by row group: feature columns, an array column or Spark ML vectors. */
class ParquetSourceTest {
    private final Configuration conf = new Configuration();

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestData.ParquetLayout.class)
    void partsTogetherAreTheRowsInOrder(TestData.ParquetLayout layout) throws Exception {
        TestData.Set set = TestData.planted(90, 6, 3, 1);
        TestData.writeParquet(set, dir.resolve("data"), 3, layout);
        ParquetSource source = new ParquetSource(dir.resolve("data").toString(), null, "label", true);
        assertEquals(new DataShape(90, new int[] {6}), source.inspect(conf));
        float[] features = new float[90 * 6];
        float[] labels = new float[90];
        int seen = 0;
        for (int part = 0; part < 2; part++) {
            Examples examples = source.read(conf, part, 2, 3);
            for (int i = 0; i < examples.rows(); i++) {
                int row = (int) examples.rowNumber(i);
                System.arraycopy(examples.features(), i * 6, features, row * 6, 6);
                labels[row] = examples.label(i);
                seen++;
            }
        }
        assertEquals(90, seen);
        assertArrayEquals(set.features(), features);
        float[] expected = new float[90];
        for (int r = 0; r < 90; r++) {
            expected[r] = set.labels()[r];
        }
        assertArrayEquals(expected, labels);
    }

    @Test
    void chosenColumnsAndMistakes() throws Exception {
        TestData.writeParquet(TestData.planted(10, 4, 2, 1), dir.resolve("data"), 1,
                TestData.ParquetLayout.COLUMNS);
        Examples two = new ParquetSource(dir.resolve("data").toString(), List.of("f3", "f0"), "label", true)
                .read(conf, 0, 1, 2);
        assertEquals(2, two.width());
        DataFormatException missing = assertThrows(DataFormatException.class, () -> new ParquetSource(
                dir.resolve("data").toString(), null, "y", true).inspect(conf));
        assertEquals(dir.resolve("data") + ": part-00000.parquet has no column 'y'; columns are [f0, f1, f2, f3, "
                + "label] (set label to the label column)", missing.getMessage());
    }
}
