package org.sparkfit.worker.cache;

import org.sparkfit.datasets.Examples;
import org.sparkfit.datasets.Standardization;

/** A part kept on the heap as one block of compact examples (its values may span several arrays). */
public record MemoryPart(Examples examples) implements StoredPart {
    private static final long serialVersionUID = 1L;

    @Override
    public int rows() {
        return examples.rows();
    }

    @Override
    public int width() {
        return examples.width();
    }

    @Override
    public int blocks() {
        return 1;
    }

    @Override
    public Examples block(int i, BlockArrays arrays) {
        return examples;
    }

    @Override
    public int windowBlocks() {
        return 1;
    }

    @Override
    public DataCache where() {
        return DataCache.MEMORY;
    }

    @Override
    public long bytes() {
        return examples.memoryBytes();
    }

    @Override
    public StoredPart standardizedBy(Standardization with) {
        return new MemoryPart(examples.standardizedBy(with));
    }
}
