package org.sparkfit.datasets;

import java.io.IOException;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

/**
 * Rows gathered as they are parsed or handed over (features appended to {@link #features()}, or for sparse rows
 * given entry by entry to {@link #entry}, the label to {@link #labels()}, then {@link #endRow}; or a row whole,
 * {@link #row}) into keyed blocks of
 * about {@code blockBytes} of float values, each handed on as it fills: a part is never held whole by a reader that
 * streams its blocks elsewhere. Sparse rows are kept as their entries when that is smaller
 * ({@link FeatureValues.Sparse#of}).
 */
public final class RowBlocks {
    private final String source;
    private final int width;
    private final boolean labelled;
    private final long blockBytes;
    private final DataSource.Blocks out;
    private final boolean sparse;
    private FloatList features;
    private IntStream.Builder starts;
    private IntStream.Builder columns;
    private int entries;
    private FloatList labels;
    private LongStream.Builder keys;
    private boolean emitted;

    /**
     * @param source the data set read, for the message when a block holds more values than an array can
     * @param sparse whether rows are given as their entries ({@link #entry}) rather than written out
     */
    public RowBlocks(String source, int width, boolean labelled, boolean sparse, long blockBytes,
                     DataSource.Blocks out) {
        this.source = source;
        this.width = width;
        this.labelled = labelled;
        this.sparse = sparse;
        this.blockBytes = blockBytes;
        this.out = out;
        start();
    }

    private void start() {
        features = new FloatList(source);
        labels = new FloatList(source);
        keys = LongStream.builder();
        starts = IntStream.builder().add(0);
        columns = IntStream.builder();
        entries = 0;
    }

    /** Appends an entry of a sparse row: the value at 0-based {@code column}, after the row's earlier entries. */
    public void entry(int column, float value) {
        columns.add(column);
        features.add(value);
        entries++;
    }

    /** Adds a row given written out (of a sparse part: its entries are {@code values}' non-zero ones). */
    public void row(float[] values, float label, long key) throws IOException {
        for (int j = 0; j < values.length; j++) {
            if (!sparse) {
                features.add(values[j]);
            } else if (values[j] != 0) {
                entry(j, values[j]);
            }
        }
        endRow(label, key);
    }

    /** Ends the row keyed {@code key} whose entries were given, labelled {@code label} (ignored when unlabelled). */
    public void endRow(float label, long key) throws IOException {
        labels.add(label);
        endRow(key);
    }

    /** Where the current row's features go, written out. */
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
        if (sparse) {
            starts.add(entries);
        }
        if ((long) features.size() * (sparse ? 2 * Float.BYTES : Float.BYTES) >= blockBytes) {
            flush();
        }
    }

    /** Hands on the last block (an empty one when the part has no rows). */
    public void finish() throws IOException {
        if (features.size() > 0 || entries > 0 || !emitted) {
            flush();
        }
    }

    private void flush() throws IOException {
        FeatureValues values = sparse
                ? FeatureValues.Sparse.of(width, starts.build().toArray(), columns.build().toArray(), features.toArray())
                : FeatureValues.of(features.toArray());
        out.accept(Examples.keyed(width, values, labelled ? labels.toArray() : null, keys.build().toArray()));
        emitted = true;
        start();
    }
}
