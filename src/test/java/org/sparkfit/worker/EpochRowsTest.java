package org.sparkfit.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkfit.datasets.Examples;
import org.sparkfit.worker.cache.BlockArrays;
import org.sparkfit.worker.cache.DataCache;
import org.sparkfit.worker.cache.MemoryPart;
import org.sparkfit.worker.cache.PartCache;
import org.sparkfit.worker.cache.StoredPart;

/**
 * An epoch visits every row of a part once, in memory as one seeded shuffle (the order training always had), on disk
 * as shuffled blocks mixed a window at a time.
 */
class EpochRowsTest {
    private static final int ROWS = 1000;
    private static final int BATCH = 32;

    @TempDir
    Path dir;

    private final AtomicInteger files = new AtomicInteger();

    /** Rows whose one feature is their row number (mod 256) and whose key is the row number. */
    private static Examples rows(int first, int count) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (first + i) % 256;
        }
        return new Examples(count, 1, values, new float[count], first, 1);
    }

    /** A part on disk in blocks of 50 rows, windows of 3 blocks. */
    private StoredPart onDisk() throws IOException {
        long blockOnDisk = 7 + 50 + 50 * 4 + 16; // header, one-byte values, float labels, first key and step
        PartCache cache = new PartCache(DataCache.DISK, 0, 3 * blockOnDisk,
                () -> dir.resolve("part-" + files.incrementAndGet()), null);
        for (int first = 0; first < ROWS; first += 50) {
            cache.accept(rows(first, 50));
        }
        return cache.finish();
    }

    /** The row keys an epoch visits, batch after batch. */
    private static long[] visit(StoredPart part, int epoch, boolean shuffle) {
        EpochRows order = new EpochRows(part, new BlockArrays(), 7, epoch, 1, shuffle);
        long[] keys = new long[part.rows()];
        for (int from = 0; from < part.rows(); from += BATCH) {
            int count = Math.min(BATCH, part.rows() - from);
            EpochRows.Slice slice = order.next(count);
            for (int i = 0; i < count; i++) {
                keys[from + i] = slice.rows().rowKey(slice.order()[slice.from() + i]);
            }
        }
        return keys;
    }

    private static void assertEveryRowOnce(long[] keys) {
        assertArrayEquals(LongStream.range(0, ROWS).toArray(), Arrays.stream(keys).sorted().toArray());
    }

    @Test
    void inMemoryAnEpochIsTheSeededShuffleOfThePart() {
        StoredPart part = new MemoryPart(rows(0, ROWS));
        long[] keys = visit(part, 3, true);
        assertArrayEquals(Arrays.stream(EpochOrder.of(ROWS, 7, 3, 1, true)).asLongStream().toArray(), keys);
        assertArrayEquals(LongStream.range(0, ROWS).toArray(), visit(part, 3, false));
    }

    @Test
    void onDiskAnEpochVisitsEveryRowOnceInShuffledBlocksMixedWithinWindows() throws IOException {
        StoredPart part = onDisk();
        assertEquals(20, part.blocks());
        assertEquals(3, part.windowBlocks());
        long[] first = visit(part, 0, true);
        assertEveryRowOnce(first);
        assertArrayEquals(first, visit(part, 0, true), "the same order for the same seed, epoch and part");
        long[] second = visit(part, 1, true);
        assertEveryRowOnce(second);
        assertNotEquals(Arrays.toString(first), Arrays.toString(second));

        // The first window's rows come from three blocks, not from the first blocks stored, and are mixed.
        long[] window = Arrays.copyOf(first, 3 * 50 - BATCH);
        long blocks = Arrays.stream(window).map(k -> k / 50).distinct().count();
        assertTrue(blocks > 1 && blocks <= 3, blocks + " blocks in the first window");
        assertFalse(Arrays.stream(window).allMatch(k -> k < 150), "blocks are shuffled");
        assertFalse(IntStream.range(1, window.length).allMatch(i -> window[i] == window[i - 1] + 1),
                "rows are shuffled within the window");
    }

    @Test
    void withoutShuffleAPartOnDiskIsVisitedInStoredOrder() throws IOException {
        assertArrayEquals(LongStream.range(0, ROWS).toArray(), visit(onDisk(), 2, false));
    }
}
