package org.sparkfit.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** A part's values grow past the first array, and a part larger than one array is refused with the fix. */
class FloatListTest {

    @Test
    void growsPastItsFirstArrayKeepingEveryValue() {
        FloatList list = new FloatList("data.csv");
        float[] expected = new float[5000];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = i;
            list.add(i);
        }
        list.addAll(new float[] {0, 7, 0});
        float[] all = list.toArray();
        assertEquals(5003, all.length);
        assertArrayEquals(expected, java.util.Arrays.copyOf(all, 5000));
        assertEquals(7, all[5001]);
    }

    @Test
    void aPartBeyondTheLargestArrayIsRefusedWithTheFix() {
        FloatList list = new FloatList("hdfs://nn/data.csv", 2000);
        list.addAll(new float[1500]);
        list.addAll(new float[500]);
        DataFormatException e = assertThrows(DataFormatException.class, () -> list.add(1));
        assertEquals("hdfs://nn/data.csv: a worker's part holds more than 2000 values, more than one array takes; "
                + "raise spark.workers so that each part is smaller", e.getMessage());
        assertEquals(2000, list.size());
    }
}
