package org.sparkfit.worker.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkfit.datasets.Examples;
import org.sparkfit.datasets.FeatureValues;
import org.sparkfit.datasets.Standardization;
import org.sparkfit.testing.SameRows;

/** A part kept in memory or spilled to a local file holds the same rows, read back block by block. */
class PartCacheTest {
    private static final int WIDTH = 5;

    @TempDir
    Path dir;

    private final AtomicInteger files = new AtomicInteger();

    /** Blocks of 7 rows: byte pixels, labels and consecutive keys, like a source's read in blocks. */
    private static List<Examples> blocks(int rows, boolean floats) {
        return blocks(rows, floats ? 0.25f : 0);
    }

    /** {@link #blocks(int, boolean)}, with {@code offset} added to every pixel (a fraction: floats; -300: shorts). */
    private static List<Examples> blocks(int rows, float offset) {
        List<Examples> blocks = new ArrayList<>();
        for (int first = 0; first < rows; first += 7) {
            int n = Math.min(7, rows - first);
            float[] values = new float[n * WIDTH];
            float[] labels = new float[n];
            for (int i = 0; i < values.length; i++) {
                values[i] = (first * WIDTH + i) % 256 + offset;
            }
            for (int i = 0; i < n; i++) {
                labels[i] = (first + i) % 3;
            }
            blocks.add(new Examples(n, WIDTH, values, labels, 1000 + first, 1).scaledBy(0.5f));
        }
        return blocks;
    }

    private StoredPart store(List<Examples> blocks, DataCache mode, long budget)
            throws IOException {
        PartCache cache = new PartCache(mode, budget, PartCache.WINDOW_BYTES,
                () -> dir.resolve("part-" + files.incrementAndGet()), () -> (DiskPart) store(blocks, DataCache.DISK,
                        0));
        for (Examples block : blocks) {
            cache.accept(block);
        }
        return cache.finish();
    }

    private static void assertSameRows(Examples expected, StoredPart part) {
        assertEquals(expected.rows(), part.rows());
        SameRows.assertSameRows(expected, Examples.concat(IntStream.range(0, part.blocks()).mapToObj(part::block)
                .toList()));
    }

    @Test
    void aPartOnDiskReadsBackTheRowsTheSourceGaveWithTheirPreprocessing() throws IOException {
        float[] offsets = {0, -300, 0.25f};
        int[] valueBytes = {1, 2, 4};
        for (int kind = 0; kind < offsets.length; kind++) {
            List<Examples> blocks = blocks(40, offsets[kind]);
            StoredPart disk = store(blocks, DataCache.DISK, Long.MAX_VALUE);
            assertInstanceOf(DiskPart.class, disk);
            assertEquals(DataCache.DISK, disk.where());
            assertEquals(6, disk.blocks());
            assertEquals(blocks.get(0).values().getClass(), disk.block(0).values().getClass());
            long valuesAndLabels = 40L * WIDTH * valueBytes[kind] + 40 * 4;
            assertTrue(disk.bytes() > valuesAndLabels && disk.bytes() < valuesAndLabels + 6 * 32,
                    disk.bytes() + " bytes: keys that step by one take 16 bytes a block");
            assertSameRows(Examples.concat(blocks), disk);

            Standardization s = new Standardization(new float[] {1, 2, 3, 4, 5}, new float[] {2, 2, 2, 2, 2});
            assertSameRows(Examples.concat(blocks).standardizedBy(s), disk.standardizedBy(s));
        }
    }

    @Test
    void sparseRowsGoToDiskAndComeBackAsTheirEntries() throws IOException {
        FeatureValues sparse = FeatureValues.Sparse.of(WIDTH * 20, new int[] {0, 2, 2, 3}, new int[] {0, 99, 50},
                new float[] {1.5f, 2, 3});
        Examples block = Examples.keyed(WIDTH * 20, sparse, new float[] {0, 1, 2}, new long[] {7, 70, 700});
        StoredPart disk = store(List.of(block), DataCache.DISK, 0);
        assertInstanceOf(FeatureValues.Sparse.class, disk.block(0).values());
        assertSameRows(block, disk);
    }

    @Test
    void blocksLoadIntoTheArraysOfBlocksReleasedBefore() throws IOException {
        StoredPart disk = store(blocks(40, false), DataCache.DISK, 0);
        BlockArrays arrays = new BlockArrays();
        byte[] first = ((FeatureValues.Bytes) disk.block(0, arrays).values()).values();
        Examples second = disk.block(1, arrays);
        assertNotSame(first, ((FeatureValues.Bytes) second.values()).values(), "both blocks in use");
        arrays.releaseAll();
        Examples third = disk.block(2, arrays);
        byte[] reused = ((FeatureValues.Bytes) third.values()).values();
        assertTrue(reused == first || reused == ((FeatureValues.Bytes) second.values()).values(), "reused");
        SameRows.assertSameRows(blocks(40, false).get(2), third);
    }

    @Test
    void autoKeepsAPartThatFitsInMemoryAndSpillsOneThatDoesNot() throws IOException {
        List<Examples> blocks = blocks(40, false);
        long bytes = Examples.concat(blocks).memoryBytes();

        StoredPart fits = store(blocks, DataCache.AUTO, bytes);
        assertInstanceOf(MemoryPart.class, fits);
        assertEquals(bytes, fits.bytes());
        assertSameRows(Examples.concat(blocks), fits);
        assertEquals(0, files.get(), "nothing written");

        StoredPart spilled = store(blocks, DataCache.AUTO, bytes - 1);
        assertInstanceOf(DiskPart.class, spilled);
        assertSameRows(Examples.concat(blocks), spilled);

        assertInstanceOf(MemoryPart.class, store(blocks, DataCache.MEMORY, 0));
    }

    @Test
    void autoSpillsFromTheFirstBlockWhenTheRowCountTellsThePartWillNotFit() throws IOException {
        List<Examples> blocks = blocks(40, false);
        long blockBytes = blocks.get(0).memoryBytes();
        PartCache cache = new PartCache(DataCache.AUTO, 3 * blockBytes, PartCache.WINDOW_BYTES,
                () -> dir.resolve("early"), null);
        cache.expect(40);
        cache.accept(blocks.get(0));
        assertTrue(Files.size(dir.resolve("early")) > 0, "the first block is on disk already");
        for (Examples block : blocks.subList(1, blocks.size())) {
            cache.accept(block);
        }
        assertSameRows(Examples.concat(blocks), cache.finish());
    }

    @Test
    void aBlockBiggerThanABlockIsWrittenInPiecesThatEachLoadAlone() throws IOException {
        int rows = (int) (3 * PartCache.BLOCK_BYTES / WIDTH) + 11;
        float[] values = new float[rows * WIDTH];
        for (int i = 0; i < values.length; i++) {
            values[i] = i % 251;
        }
        Examples whole = new Examples(rows, WIDTH, values, null);
        StoredPart disk = store(List.of(whole), DataCache.DISK, 0);
        assertEquals(4, disk.blocks());
        assertTrue(disk.block(0).rows() <= PartCache.BLOCK_BYTES / WIDTH, disk.block(0).rows() + " rows");
        assertSameRows(whole, disk);
    }

    @Test
    void aReadThatFailsLeavesNoFile() throws IOException {
        PartCache cache = new PartCache(DataCache.DISK, 0, PartCache.WINDOW_BYTES, () -> dir.resolve("failed"), null);
        cache.accept(blocks(10, false).get(0));
        assertTrue(Files.exists(dir.resolve("failed")));
        cache.abandon();
        assertFalse(Files.exists(dir.resolve("failed")));
    }

    @Test
    void aTaskWhereTheFileIsNotReadsThePartAgainOnce() throws IOException {
        List<Examples> blocks = blocks(40, false);
        DiskPart disk = (DiskPart) store(blocks, DataCache.DISK, 0);
        Files.delete(Path.of(disk.file()));
        int before = files.get();
        assertSameRows(Examples.concat(blocks), disk);
        assertSameRows(Examples.concat(blocks), disk);
        assertEquals(before + 1, files.get(), "read again into one new file");
    }
}
