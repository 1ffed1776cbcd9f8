package org.sparkfit.datasets;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;

/**
 * Keras' {@code validation_split} over a source without a separate test set: each example goes to the validation
 * side with probability {@code fraction}, decided by a seeded hash of its row key ({@link Examples#rowKey}), so the
 * two sides never overlap, do not depend on the number of partitions, and are the same in every run with the same
 * seed.
 */
public final class SplitSource implements DataSource {
    private static final long serialVersionUID = 1L;

    private final DataSource inner;
    private final double fraction;
    private final long seed;
    private final boolean validation;

    /** @param validation whether this is the held-out side (else the training side) */
    public SplitSource(DataSource inner, double fraction, long seed, boolean validation) {
        this.inner = inner;
        this.fraction = fraction;
        this.seed = seed;
        this.validation = validation;
    }

    /** The whole source this one is a side of. */
    public DataSource inner() {
        return inner;
    }

    @Override
    public String describe() {
        return inner.describe() + " (" + (validation ? "validation" : "training") + " side of validation_split "
                + fraction + ")";
    }

    @Override
    public DataShape inspect(Configuration conf) throws IOException {
        return new DataShape(-1, inner.inspect(conf).featureShape());
    }

    @Override
    public long maxRecords(Configuration conf) throws IOException {
        return inner.maxRecords(conf);
    }

    @Override
    public String readWholeByEveryPart(Configuration conf) throws IOException {
        return inner.readWholeByEveryPart(conf);
    }

    @Override
    public DataSource withVocabulary(Vocabulary vocabulary) {
        return new SplitSource(inner.withVocabulary(vocabulary), fraction, seed, validation);
    }

    @Override
    public Examples read(Configuration conf, int part, int parts, int classes) throws IOException {
        return side(inner.read(conf, part, parts, classes));
    }

    @Override
    public void read(Configuration conf, int part, int parts, int classes, long blockBytes, Blocks blocks)
            throws IOException {
        inner.read(conf, part, parts, classes, blockBytes, block -> blocks.accept(side(block)));
    }

    /** The rows of {@code all} on this side. */
    private Examples side(Examples all) {
        int[] keep = new int[all.rows()];
        int kept = 0;
        for (int i = 0; i < all.rows(); i++) {
            if (owns(all.rowKey(i))) {
                keep[kept++] = i;
            }
        }
        return all.select(java.util.Arrays.copyOf(keep, kept));
    }

    /** Whether the row keyed {@code key} in the whole source is on this side. */
    public boolean owns(long key) {
        return isValidation(key) == validation;
    }

    /** Whether the row keyed {@code key} is held out: a SplitMix64 hash of (seed, key) below fraction. */
    private boolean isValidation(long key) {
        long z = seed * 0x9E3779B97F4A7C15L + key + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (z >>> 11) * 0x1.0p-53 < fraction;
    }
}
