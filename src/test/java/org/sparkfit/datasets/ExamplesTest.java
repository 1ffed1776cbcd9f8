package org.sparkfit.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Examples keep their raw values compact and preprocess rows as they are copied out, to the same floats as
 * preprocessing every value in place (scale, then standardization) gives.
 */
class ExamplesTest {

    /** What sparkfit computed before values stayed raw: each value scaled in place, then standardized in place. */
    private static float[] preprocessedInPlace(float[] raw, int width, float factor, Standardization s) {
        float[] out = raw.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] *= factor;
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = (out[i] - s.mean()[i % width]) / s.std()[i % width];
        }
        return out;
    }

    @Test
    void byteValuedFeaturesAreKeptAsBytesShortValuedAsShortsAndOthersAsFloats() {
        assertInstanceOf(FeatureValues.Bytes.class, new Examples(2, 3, new float[] {0, 1, 255, 7, 128, 9}, null)
                .values());
        assertEquals(6, new Examples(2, 3, new float[] {0, 1, 255, 7, 128, 9}, null).values().memoryBytes());
        for (float whole : new float[] {256, -1, -32768, 32767}) {
            Examples data = new Examples(1, 3, new float[] {0, whole, 3}, null);
            assertInstanceOf(FeatureValues.Shorts.class, data.values(), "value " + whole);
            assertEquals(6, data.values().memoryBytes());
            assertArrayEquals(new float[] {0, whole, 3}, data.features());
            FeatureValues selected = data.values().selectRows(new int[] {0, 0}, 3);
            assertInstanceOf(FeatureValues.Shorts.class, selected);
            assertArrayEquals(new float[] {0, whole, 3, 0, whole, 3}, selected.toFloats());
        }
        for (float outside : new float[] {32768, -32769, 0.5f, -0f, Float.NaN, Float.POSITIVE_INFINITY, 3e9f}) {
            Examples data = new Examples(1, 3, new float[] {0, outside, 3}, null);
            assertInstanceOf(FeatureValues.Floats.class, data.values(), "value " + outside);
            assertEquals(Float.floatToRawIntBits(outside), Float.floatToRawIntBits(data.features()[1]));
        }
    }

    @Test
    void rowsCopiedOutAreScaledThenStandardizedExactlyAsInPlace() {
        Random random = new Random(5);
        int rows = 40;
        int width = 7;
        float[] pixels = new float[rows * width];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextInt(256);
        }
        float[] labels = new float[rows];
        Examples raw = new Examples(rows, width, pixels, labels);
        assertInstanceOf(FeatureValues.Bytes.class, raw.values());
        float factor = (float) (1.0 / 255);
        Examples scaled = raw.scaledBy(factor);
        Standardization standardization = new Standardization.Moments(scaled).fit();
        Examples prepared = standardization.apply(scaled);

        assertArrayEquals(pixels, raw.features());
        assertArrayEquals(preprocessedInPlace(pixels, width, factor, standardization), prepared.features());
        int[] order = {39, 0, 17, 17, 5};
        float[] batch = new float[order.length * width];
        prepared.copyRows(order, 1, 3, batch);
        float[] all = prepared.features();
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < width; j++) {
                assertEquals(all[order[1 + i] * width + j], batch[i * width + j]);
            }
        }
        Examples some = prepared.select(new int[] {3, 1});
        assertArrayEquals(new float[] {all[3 * width], all[3 * width + 1]},
                java.util.Arrays.copyOf(some.features(), 2));
        assertEquals(3, some.rowKey(0));
        assertInstanceOf(FeatureValues.Bytes.class, some.values());
    }

    @Test
    void blocksJoinedShareTheirValuesAndKeepKeysLabelsAndPreprocessing() {
        Standardization s = new Standardization(new float[] {1, 2}, new float[] {2, 4});
        Examples bytes = new Examples(2, 2, new float[] {0, 1, 2, 3}, new float[] {1, 0}, 10, 1).scaledBy(0.5f)
                .standardizedBy(s);
        Examples next = new Examples(1, 2, new float[] {4, 5}, new float[] {2}, 12, 1).preprocessedAs(bytes);
        Examples keyed = Examples.keyed(2, new float[] {6.5f, 7}, new float[] {1}, new long[] {99})
                .preprocessedAs(bytes);

        Examples consecutive = Examples.concat(java.util.List.of(bytes, next));
        assertInstanceOf(FeatureValues.Chunked.class, consecutive.values());
        assertEquals(4 + 2, consecutive.values().memoryBytes());
        assertArrayEquals(new float[] {1, 0, 2}, consecutive.labels());
        assertEquals(12, consecutive.rowKey(2));

        Examples all = Examples.concat(java.util.List.of(bytes, next, keyed));
        assertEquals(4 * 2, all.values().length());
        assertArrayEquals(new long[] {10, 11, 12, 99}, java.util.stream.IntStream.range(0, 4)
                .mapToLong(all::rowKey).toArray());
        float[] expected = preprocessedInPlace(new float[] {0, 1, 2, 3, 4, 5, 6.5f, 7}, 2, 0.5f, s);
        assertArrayEquals(expected, all.features());
        float[] rows = new float[4];
        all.copyRows(new int[] {3, 1}, 0, 2, rows);
        assertArrayEquals(new float[] {expected[6], expected[7], expected[2], expected[3]}, rows);
        assertEquals(0, all.emptyLike().rows());
        assertArrayEquals(expected, Examples.keyed(2, all.values(), all.labels(), new long[] {0, 1, 2, 3})
                .preprocessedAs(all.emptyLike()).features());
    }

    @Test
    void blocksOfDifferentPreprocessingAreNotJoined() {
        Examples a = new Examples(1, 2, new float[] {0, 1}, null);
        assertThrows(IllegalArgumentException.class, () -> Examples.concat(java.util.List.of(a, a.scaledBy(2))));
    }

    @Test
    void sparseRowsAreKeptAsTheirEntriesWhenThatIsSmallerAndReadAsTheRowsWrittenOut() {
        // 3 rows of 40: {5: 2}, {}, {0: 1.5, 39: 7}
        int[] starts = {0, 1, 1, 3};
        int[] columns = {5, 0, 39};
        FeatureValues sparse = FeatureValues.Sparse.of(40, starts, columns, new float[] {2, 1.5f, 7});
        assertInstanceOf(FeatureValues.Sparse.class, sparse);
        float[] dense = new float[120];
        dense[5] = 2;
        dense[80] = 1.5f;
        dense[119] = 7;
        assertArrayEquals(dense, sparse.toFloats());
        assertEquals(7, sparse.get(119));
        assertEquals(0, sparse.get(6));
        float[] part = new float[50];
        sparse.copy(75, 45, part, 5);
        assertArrayEquals(java.util.Arrays.copyOfRange(dense, 75, 120), java.util.Arrays.copyOfRange(part, 5, 50));
        FeatureValues selected = sparse.selectRows(new int[] {2, 0}, 40);
        assertArrayEquals(concat(java.util.Arrays.copyOfRange(dense, 80, 120), java.util.Arrays.copyOf(dense, 40)),
                selected.toFloats());
        assertInstanceOf(FeatureValues.Sparse.class, selected);

        Examples joined = Examples.concat(java.util.List.of(Examples.keyed(40, sparse, null, new long[] {0, 1, 2}),
                new Examples(1, 40, new float[40], null, 3, 1)));
        assertArrayEquals(concat(dense, new float[40]), joined.features());

        assertInstanceOf(FeatureValues.Bytes.class, FeatureValues.Sparse.of(2, new int[] {0, 2}, new int[] {0, 1},
                new float[] {3, 4}), "rows with few zeros are written out");
    }

    private static float[] concat(float[] a, float[] b) {
        float[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
