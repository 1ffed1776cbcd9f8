package org.sparkfit.worker.cache;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import org.sparkfit.datasets.Examples;
import org.sparkfit.datasets.Standardization;

/**
 * One partition's examples as its executor keeps them for the whole job, in blocks: one block in memory
 * ({@link MemoryPart}), or many in a local file ({@link DiskPart}), each loaded when it is reached. Training visits
 * the blocks a window at a time ({@link #windowBlocks}); evaluation, prediction and statistics fold over them.
 */
public sealed interface StoredPart extends Serializable permits MemoryPart, DiskPart {

    int rows();

    int width();

    /** How many blocks. */
    int blocks();

    /**
     * Block {@code i}, preprocessed as the part is; a disk part reads it from its file into arrays from
     * {@code arrays}, so the block is valid until they are released.
     */
    Examples block(int i, BlockArrays arrays);

    /** Block {@code i} in arrays of its own. */
    default Examples block(int i) {
        return block(i, new BlockArrays());
    }

    /** How many blocks an epoch's shuffle mixes at once: all of them in memory, a bounded window on disk. */
    int windowBlocks();

    /** Where the part is kept: {@link DataCache#MEMORY} or {@link DataCache#DISK}. */
    DataCache where();

    /** The bytes the part's values, labels and keys take where they are kept. */
    long bytes();

    /** The same rows, standardized with {@code with} as they are copied into mini-batches. */
    StoredPart standardizedBy(Standardization with);

    /**
     * {@code f} of every block, in order, merged by {@code merge}; null for a part of no blocks. {@code f} must not
     * keep the block it is given.
     */
    default <T> T fold(Function<Examples, T> f, BinaryOperator<T> merge) {
        List<T> results = map(f);
        return results.stream().reduce(merge).orElse(null);
    }

    /** {@code f} of every block, in order, each block loaded into the arrays of the one before. */
    default <T> List<T> map(Function<Examples, T> f) {
        BlockArrays arrays = new BlockArrays();
        List<T> results = new ArrayList<>(blocks());
        for (int i = 0; i < blocks(); i++) {
            results.add(f.apply(block(i, arrays)));
            arrays.releaseAll();
        }
        return results;
    }
}
