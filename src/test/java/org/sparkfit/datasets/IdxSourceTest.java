package org.sparkfit.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sparkfit.testing.SameRows.assertSameRows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.sparkfit.testing.TestData;

class IdxSourceTest {
    private static final Configuration CONF = new Configuration();

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void partsTogetherAreTheWholeFileInOrder(boolean gzip) throws IOException {
        TestData.Set set = TestData.planted(11, 6, 3, 1);
        TestData.writeIdx(set, new int[] {2, 3}, dir.resolve("i"), dir.resolve("l"), gzip);
        IdxSource source = new IdxSource(dir.resolve("i").toString(), dir.resolve("l").toString());

        DataShape shape = source.inspect(CONF);
        assertEquals(new DataShape(11, new int[] {2, 3}), shape);
        float[] features = new float[0];
        float[] labels = new float[0];
        for (int part = 0; part < 3; part++) {
            Examples e = source.read(CONF, part, 3, 3);
            assertEquals(PartRange.of(11, part, 3).start(), e.rowKey(0));
            features = concat(features, e.features());
            labels = concat(labels, e.labels());
        }
        assertArrayEquals(set.features(), features);
        assertArrayEquals(Arrays.stream(set.labels()).mapToObj(l -> (float) l).toArray(), box(labels));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aPartReadInBlocksIsThePartInOrderWithItsKeys(boolean gzip) throws IOException {
        TestData.Set set = TestData.planted(23, 6, 3, 2);
        TestData.writeIdx(set, new int[] {6}, dir.resolve("i"), dir.resolve("l"), gzip);
        IdxSource source = new IdxSource(dir.resolve("i").toString(), dir.resolve("l").toString());
        for (int part = 0; part < 2; part++) {
            java.util.List<Examples> blocks = new java.util.ArrayList<>();
            long[] told = {-1};
            source.read(CONF, part, 2, 3, 3 * 6, new DataSource.Blocks() {
                @Override
                public void accept(Examples block) {
                    blocks.add(block);
                }

                @Override
                public void expect(long rows) {
                    assertTrue(blocks.isEmpty(), "told before the first block");
                    told[0] = rows;
                }
            });
            Examples whole = source.read(CONF, part, 2, 3);
            assertEquals(whole.rows(), told[0]);
            assertEquals((whole.rows() + 2) / 3, blocks.size(), "blocks of 3 rows");
            blocks.forEach(b -> assertTrue(b.rows() <= 3 && b.rows() > 0));
            assertSameRows(whole, Examples.concat(blocks));
        }
    }

    @Test
    void unlabeledInputHasNoLabels() throws IOException {
        TestData.Set set = TestData.planted(4, 2, 2, 1);
        TestData.writeIdx(set, new int[] {2}, dir.resolve("i"), null, false);
        Examples e = new IdxSource(dir.resolve("i").toString(), null).read(CONF, 0, 1, 0);
        assertNull(e.labels());
        assertEquals(4, e.rows());
    }

    @Test
    void badMagicNumberNamesTheFile() throws IOException {
        Files.write(dir.resolve("i"), new byte[] {1, 2, 3, 4, 0, 0, 0, 1});
        IdxSource source = new IdxSource(dir.resolve("i").toString(), null);
        DataFormatException e = assertThrows(DataFormatException.class, () -> source.inspect(CONF));
        assertTrue(e.getMessage().startsWith(dir.resolve("i") + ": bad magic number"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void truncatedFileIsReportedWithTheRecord(boolean gzip) throws IOException {
        TestData.Set set = TestData.planted(5, 4, 2, 1);
        Path full = dir.resolve("full");
        TestData.writeIdx(set, new int[] {4}, full, dir.resolve("l"), false);
        byte[] bytes = Files.readAllBytes(full);
        Path cut = dir.resolve("cut");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length - 6));
        if (gzip) {
            try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(dir.resolve("cut.gz")))) {
                out.write(Files.readAllBytes(cut));
            }
            cut = dir.resolve("cut.gz");
        }
        IdxSource source = new IdxSource(cut.toString(), dir.resolve("l").toString());
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> source.read(CONF, 0, 1, 2));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        if (gzip) {
            assertTrue(e.getMessage().contains("record 3"), e.getMessage());
        }
    }

    @Test
    void imageAndLabelCountsMustMatch() throws IOException {
        TestData.Set set = TestData.planted(5, 4, 2, 1);
        TestData.writeIdx(set, new int[] {4}, dir.resolve("i"), null, false);
        TestData.writeLabels(new int[] {0, 1, 0}, dir.resolve("l"), false);
        IdxSource source = new IdxSource(dir.resolve("i").toString(), dir.resolve("l").toString());
        DataFormatException e = assertThrows(DataFormatException.class, () -> source.inspect(CONF));
        assertTrue(e.getMessage().contains("holds 5 images but") && e.getMessage().contains("3 labels"),
                e.getMessage());
    }

    @Test
    void labelOutsideTheClassesNamesFileRecordAndFix() throws IOException {
        TestData.Set set = TestData.planted(4, 2, 2, 1);
        TestData.writeIdx(set, new int[] {2}, dir.resolve("i"), null, false);
        TestData.writeLabels(new int[] {0, 1, 9, 0}, dir.resolve("l"), false);
        IdxSource source = new IdxSource(dir.resolve("i").toString(), dir.resolve("l").toString());
        DataFormatException e = assertThrows(DataFormatException.class, () -> source.read(CONF, 0, 1, 3));
        assertEquals(dir.resolve("l") + ": record 2: label 9.0 is outside 0..2 (the model's last layer predicts 3 "
                + "classes); fix the labels or the last layer's units", e.getMessage());
    }

    @Test
    void missingFileSaysSo() {
        IdxSource source = new IdxSource(dir.resolve("nope").toString(), null);
        DataFormatException e = assertThrows(DataFormatException.class, () -> source.inspect(CONF));
        assertTrue(e.getMessage().endsWith("no such file; check the path in the job file"), e.getMessage());
    }

    private static float[] concat(float[] a, float[] b) {
        float[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static Object[] box(float[] values) {
        Object[] out = new Object[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
