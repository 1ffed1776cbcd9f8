package org.sparkfit.datasets;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

/**
 * Rows of a text format gathered as they are parsed (features and label appended to {@link #features()} and
 * {@link #labels()}, then {@link #endRow}) into keyed blocks of about {@code blockBytes} of float values, each handed
 * on as it fills: a part is never held whole by a reader that streams its blocks elsewhere.
 */
final class RowBlocks {
    private final String source;
    private final int width;
    private final boolean labelled;
    private final long blockBytes;
    private final DataSource.Blocks out;
    private FloatList features;
    private FloatList labels;
    private LongStream.Builder keys;
    private boolean emitted;

    /** @param source the data set read, for the message when a block holds more values than an array can */
    RowBlocks(String source, int width, boolean labelled, long blockBytes, DataSource.Blocks out) {
        this.source = source;
        this.width = width;
        this.labelled = labelled;
        this.blockBytes = blockBytes;
        this.out = out;
        start();
    }

    /** The whole part as one block, as {@link DataSource#read(org.apache.hadoop.conf.Configuration, int, int, int)}. */
    static Examples whole(Read read) throws IOException {
        List<Examples> blocks = new ArrayList<>(1);
        read.into(blocks::add, Long.MAX_VALUE);
        return Examples.concat(blocks);
    }

    /** A block-wise read, for {@link #whole}. */
    @FunctionalInterface
    interface Read {
        void into(DataSource.Blocks blocks, long blockBytes) throws IOException;
    }

    private void start() {
        features = new FloatList(source);
        labels = new FloatList(source);
        keys = LongStream.builder();
    }

    /** Where the current row's features go. */
    FloatList features() {
        return features;
    }

    /** Where the current row's label goes. */
    FloatList labels() {
        return labels;
    }

    /** Ends the row keyed {@code key}; hands the block on once it is full. */
    void endRow(long key) throws IOException {
        keys.add(key);
        if ((long) features.size() * Float.BYTES >= blockBytes) {
            flush();
        }
    }

    /** Hands on the last block (an empty one when the part has no rows). */
    void finish() throws IOException {
        if (features.size() > 0 || !emitted) {
            flush();
        }
    }

    private void flush() throws IOException {
        out.accept(Examples.keyed(width, features.toArray(), labelled ? labels.toArray() : null,
                keys.build().toArray()));
        emitted = true;
        start();
    }
}
