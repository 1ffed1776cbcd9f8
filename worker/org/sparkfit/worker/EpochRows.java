package org.sparkfit.worker;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.sparkfit.datasets.Examples;
import org.sparkfit.worker.cache.BlockArrays;
import org.sparkfit.worker.cache.StoredPart;

/**
 * A part's examples in one epoch's order, handed out a mini-batch at a time. A part in memory is one window,
 * shuffled whole ({@link EpochOrder}); a part on disk is visited in windows: its blocks in a shuffled order, a
 * window of them loaded at a time and shuffled within, the rows a window leaves over (less than a mini-batch) carried
 * into the next, each window loaded into the arrays of the one before ({@link BlockArrays}). The order depends only
 * on the job seed, the epoch and the partition.
 */
final class EpochRows {
    private final StoredPart part;
    private final BlockArrays arrays;
    private final long seed;
    private final int epoch;
    private final int partition;
    private final boolean shuffle;
    private final int[] blockOrder;
    private int nextBlock;
    private int windows;
    private Examples window;
    private int[] order;
    private int at;

    /** @param arrays where blocks are loaded; the arrays of an earlier epoch's blocks are taken back */
    EpochRows(StoredPart part, BlockArrays arrays, long seed, int epoch, int partition, boolean shuffle) {
        this.part = part;
        this.arrays = arrays;
        this.seed = seed;
        this.epoch = epoch;
        this.partition = partition;
        this.shuffle = shuffle;
        this.blockOrder = EpochOrder.of(part.blocks(), ~seed, epoch, partition, shuffle);
    }

    /** The next {@code count} rows: the window that holds them, and where in its order they start. */
    Slice next(int count) {
        if (window == null || at + count > window.rows() && nextBlock < blockOrder.length) {
            open();
        }
        Slice slice = new Slice(window, order, at);
        at += count;
        return slice;
    }

    /** Loads the next window: the rows left over from this one, then the next blocks. */
    private void open() {
        List<Examples> blocks = new ArrayList<>();
        if (window != null && at < window.rows()) {
            blocks.add(window.select(Arrays.copyOfRange(order, at, window.rows())));
        }
        arrays.releaseAll();
        for (int i = 0; i < part.windowBlocks() && nextBlock < blockOrder.length; i++) {
            blocks.add(part.block(blockOrder[nextBlock++], arrays));
        }
        window = Examples.concat(blocks);
        order = EpochOrder.of(window.rows(), seed + windows++, epoch, partition, shuffle);
        at = 0;
    }

    /** Rows {@code order[from..]} of {@code rows}. */
    record Slice(Examples rows, int[] order, int from) {
    }
}
