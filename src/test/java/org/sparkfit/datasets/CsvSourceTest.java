package org.sparkfit.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sparkfit.testing.SameRows.assertSameRows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvSourceTest {
    private static final Configuration CONF = new Configuration();

    @TempDir
    Path dir;

    private CsvSource csv(String text, String label, boolean header) throws IOException {
        Path file = dir.resolve("data.csv");
        Files.writeString(file, text);
        return new CsvSource(file.toString(), label, header, ',');
    }

    @Test
    void labelByNameAndPartsHoldConsecutiveRowsKeyedByTheirLineStart() throws IOException {
        CsvSource source = csv("a,y,b\n1,0,2\n3,1,4\n5,0,6\n7,1,8\n9,0,10\n", "y", true);
        assertEquals(2, source.inspect(CONF).featureWidth());
        Examples part0 = source.read(CONF, 0, 2, 2);
        Examples part1 = source.read(CONF, 1, 2, 2);
        assertArrayEquals(new float[] {1, 2, 3, 4}, part0.features());
        assertArrayEquals(new float[] {0, 1}, part0.labels());
        assertArrayEquals(new float[] {5, 6, 7, 8, 9, 10}, part1.features());
        assertEquals(24, part1.rowKey(1));
    }

    @Test
    void csvAndLibsvmPartsReadInBlocksAreTheWholePartsRows() throws IOException {
        org.sparkfit.testing.TestData.Set set = org.sparkfit.testing.TestData.planted(50, 4, 2, 3);
        org.sparkfit.testing.TestData.writeCsv(set, dir.resolve("rows.csv"), true);
        org.sparkfit.testing.TestData.writeLibsvm(set, dir.resolve("rows.svm"));
        for (DataSource source : new DataSource[] {new CsvSource(dir.resolve("rows.csv").toString(), "label", true,
                ','), new LibsvmSource(dir.resolve("rows.svm").toString(), 4, true)}) {
            for (int part = 0; part < 2; part++) {
                java.util.List<Examples> blocks = new java.util.ArrayList<>();
                source.read(CONF, part, 2, 2, 6 * 4 * Float.BYTES, blocks::add);
                Examples whole = source.read(CONF, part, 2, 2);
                // CSV rows are written out (6 rows of 4 floats a block), LIBSVM rows kept as entries (8 bytes each).
                int expected = source instanceof CsvSource ? (whole.rows() + 5) / 6 : whole.rows() / 3;
                assertTrue(blocks.size() >= expected && blocks.size() <= expected + 1, source.describe() + ": "
                        + blocks.size() + " blocks");
                assertSameRows(whole, Examples.concat(blocks));
            }
        }
    }

    @Test
    void lastColumnIsTheLabelByDefaultIndex() throws IOException {
        Examples e = csv("1,2,0.5\n3,4,1.5\n", "-1", false).read(CONF, 0, 1, 0);
        assertArrayEquals(new float[] {0.5f, 1.5f}, e.labels());
    }

    @Test
    void nonNumericCellNamesLineColumnAndHeaderFix() throws IOException {
        CsvSource source = csv("a,b,y\n1,2,0\n", "-1", false);
        DataFormatException e = assertThrows(DataFormatException.class, () -> source.read(CONF, 0, 1, 2));
        assertEquals(dir.resolve("data.csv") + ": line 1: column 0 holds 'a', not a number (if the first line "
                + "holds column names, set header: true)", e.getMessage());
    }

    @Test
    void raggedRowIsReportedWithItsLine() throws IOException {
        CsvSource source = csv("1,2,0\n3,4,1\n5,0\n", "-1", false);
        DataFormatException e = assertThrows(DataFormatException.class, () -> source.read(CONF, 0, 1, 2));
        assertTrue(e.getMessage().contains("line 3: has 2 columns, expected 3"), e.getMessage());
    }

    @Test
    void labelOutOfRangeAndNonFiniteFeatureAreRejected() throws IOException {
        DataFormatException label = assertThrows(DataFormatException.class,
                () -> csv("1,2,0\n3,4,7\n", "-1", false).read(CONF, 0, 1, 3));
        assertTrue(label.getMessage().contains("line 2: label 7.0 is outside 0..2"), label.getMessage());
        DataFormatException nan = assertThrows(DataFormatException.class,
                () -> csv("1,NaN,0\n", "-1", false).read(CONF, 0, 1, 3));
        assertTrue(nan.getMessage().contains("must be a finite number"), nan.getMessage());
    }

    @Test
    void unknownLabelColumnListsTheColumns() throws IOException {
        CsvSource source = csv("a,b\n1,2\n", "target", true);
        DataFormatException e = assertThrows(DataFormatException.class, () -> source.inspect(CONF));
        assertTrue(e.getMessage().endsWith("no column named 'target'; columns are [a, b]"), e.getMessage());
    }

    @Test
    void quotedCellsParseAndBrokenQuotingNamesItsLine() throws IOException {
        Examples e = csv("a,\"y\"\r\n\"1\",0\n\n \"2\" , \"1\"\r\n", "y", true).read(CONF, 0, 1, 2);
        assertArrayEquals(new float[] {1, 2}, e.features());
        assertArrayEquals(new float[] {0, 1}, e.labels());
        String file = dir.resolve("data.csv").toString();
        DataFormatException open = assertThrows(DataFormatException.class,
                () -> csv("a,y\n1,0\n\"2,1\n3,0\n", "y", true).read(CONF, 0, 1, 2));
        assertEquals(file + ": line 3: a quote opened on this line is not closed on it; check the quoting",
                open.getMessage());
        DataFormatException inner = assertThrows(DataFormatException.class,
                () -> csv("a,y\n1,0\n\"2\"5\",1\n", "y", true).read(CONF, 0, 1, 2));
        assertTrue(inner.getMessage().startsWith(file + ": line 3: Unescaped quote character"), inner.getMessage());
        assertTrue(inner.getMessage().endsWith("; check the quoting") && !inner.getMessage().contains("\n"),
                inner.getMessage());
    }

    @Test
    void aRowWiderThanTheParserTakesIsRefusedInOneLine() throws IOException {
        String wide = "1,".repeat(DelimitedFile.MAX_COLUMNS) + "0\n";
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> csv("1,0\n" + wide, "-1", false).read(CONF, 0, 1, 2));
        assertEquals(dir.resolve("data.csv") + ": line 2: has more than " + DelimitedFile.MAX_COLUMNS + " columns, "
                + "the most a delimited file's row may hold; store wider rows as libsvm or parquet", e.getMessage());
    }
}
