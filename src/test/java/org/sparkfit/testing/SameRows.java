package org.sparkfit.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.sparkfit.datasets.Examples;

/** Asserts that two blocks of examples hold the same rows: features (preprocessed), labels and row keys. */
public final class SameRows {
    private SameRows() {
    }

    public static void assertSameRows(Examples expected, Examples actual) {
        assertEquals(expected.rows(), actual.rows(), "rows");
        assertArrayEquals(expected.features(), actual.features(), "features");
        assertArrayEquals(expected.labels(), actual.labels(), "labels");
        for (int i = 0; i < expected.rows(); i++) {
            assertEquals(expected.rowKey(i), actual.rowKey(i), "key of row " + i);
        }
    }
}
