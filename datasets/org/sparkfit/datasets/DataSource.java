package org.sparkfit.datasets;

import java.io.IOException;
import java.io.Serializable;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.apache.hadoop.conf.Configuration;

/**
 * One data set on a Hadoop file system, read in parts: the driver inspects its header, each executor reads its own
 * part, so the records never pass through the driver.
 */
public interface DataSource extends Serializable {

    /** The file(s) this source reads, for messages. */
    String describe();

    /** Reads the header alone and checks it: record count where the format stores one, and the feature shape. */
    DataShape inspect(Configuration conf) throws IOException;

    /**
     * The most records this source can hold, told from its size alone, for a source whose header does not count
     * them; Long.MAX_VALUE when even that is unknown.
     */
    default long maxRecords(Configuration conf) throws IOException {
        return Long.MAX_VALUE;
    }

    /**
     * Why every part reads this whole source to keep its share of the rows rather than only its own bytes (a gzip
     * file of text rows, which cannot seek), and the fix; null when each part reads only its own.
     */
    default String readWholeByEveryPart(Configuration conf) throws IOException {
        return null;
    }

    /**
     * Reads part {@code part} of {@code parts}. Labels are checked against {@code classes}: with {@code classes > 0}
     * each must be an integer in [0, classes); with 0 any finite value is a regression target.
     *
     * @throws DataFormatException naming the file and record of the first bad record
     */
    Examples read(Configuration conf, int part, int parts, int classes) throws IOException;

    /**
     * Reads part {@code part} of {@code parts} as {@link #read} does, handing its rows to {@code blocks} in order, a
     * block at a time, so that a caller that stores them elsewhere never holds the whole part. A source that reads
     * in blocks keeps each at about {@code blockBytes} of values; one that cannot hands over its part as one block.
     */
    default void read(Configuration conf, int part, int parts, int classes, long blockBytes, Blocks blocks)
            throws IOException {
        blocks.accept(read(conf, part, parts, classes));
    }

    /** Where a block-wise read hands its blocks. */
    @FunctionalInterface
    interface Blocks {
        void accept(Examples block) throws IOException;

        /** Told, before the first block, how many rows the part holds, by a source that knows it. */
        default void expect(long rows) {
        }

        /** Blocks that pass each block through {@code step} on its way to these, and tell these the rows. */
        default Blocks afterEach(UnaryOperator<Examples> step) {
            Blocks next = this;
            return new Blocks() {
                @Override
                public void accept(Examples block) throws IOException {
                    next.accept(step.apply(block));
                }

                @Override
                public void expect(long rows) {
                    next.expect(rows);
                }
            };
        }
    }

    /**
     * This source reading with a fitted {@code vocabulary}: text sources turn documents into numbers with it; other
     * sources ignore it.
     */
    default DataSource withVocabulary(Vocabulary vocabulary) {
        return this;
    }

    /**
     * Checks that one feature value is finite; {@code where} says which record, {@code what} where the value sits,
     * e.g. "column 3 holds NaN" (both told only for a message).
     */
    static void checkFeature(float value, String file, Supplier<String> where, Supplier<String> what) {
        if (!Float.isFinite(value)) {
            throw new DataFormatException(file + ": " + where.get() + ": " + what.get() + "; every feature must be a "
                    + "finite number");
        }
    }

    /**
     * Checks one label value against the number of classes the model predicts (0 for regression targets);
     * {@code where} says which record, told only for a message.
     */
    static void checkLabel(float value, int classes, String file, Supplier<String> where) {
        if (!Float.isFinite(value)) {
            throw new DataFormatException(file + ": " + where.get() + ": label is " + value + "; remove or fix the "
                    + "record");
        }
        if (classes > 0 && value != Math.rint(value)) {
            throw new DataFormatException(file + ": " + where.get() + ": label " + value + " is not a class index: "
                    + "labels are whole numbers 0.." + (classes - 1) + "; fix the labels, or regress with a linear "
                    + "last layer and loss mse");
        }
        if (classes > 0 && (value < 0 || value >= classes)) {
            throw new DataFormatException(file + ": " + where.get() + ": label " + value + " is outside 0.."
                    + (classes - 1) + " (the model's last layer predicts " + classes + " classes); fix the labels or "
                    + "the last layer's units");
        }
    }
}
