package org.sparkfit.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The part a record falls in is the part whose range holds it, for every size and split. */
class PartRangeTest {
    @Test
    void everyRecordFallsInThePartWhoseRangeHoldsIt() {
        for (long total = 1; total <= 60; total++) {
            for (int parts = 1; parts <= Math.min(total, 9); parts++) {
                int covered = 0;
                for (int part = 0; part < parts; part++) {
                    PartRange range = PartRange.of(total, part, parts);
                    for (long record = range.start(); record < range.end(); record++) {
                        assertEquals(part, PartRange.partOf(record, total, parts), record + " of " + total + " in "
                                + parts + " parts");
                        covered++;
                    }
                }
                assertEquals(total, covered);
            }
        }
        assertEquals(6, PartRange.partOf(59_999, 60_000, 7));
    }
}
