package org.sparkfit.datasets;

import java.io.IOException;
import java.io.Serializable;
import org.apache.hadoop.conf.Configuration;

/**
 * Everything done to examples on their way into the network, the same for every data set of a job and saved with
 * its model: text turned into numbers with the training set's {@code vocabulary} (null for numeric data),
 * features divided by {@code scale}, then standardized with the training set's statistics
 * ({@code standardization}, null when the job does not standardize).
 */
public record Preprocessing(double scale, Standardization standardization, Vocabulary vocabulary)
        implements Serializable {

    /**
     * Reads part {@code part} of {@code parts} of {@code source} a block at a time ({@link DataSource#read(
     * Configuration, int, int, int, long, DataSource.Blocks)}), each block's features kept raw and compact and
     * preprocessed as they are copied into mini-batches.
     */
    public void read(DataSource source, Configuration conf, int part, int parts, int classes, long blockBytes,
                     DataSource.Blocks blocks) throws IOException {
        withVocabulary(source).read(conf, part, parts, classes, blockBytes, applied(blocks));
    }

    /**
     * Hands a tokenized text part's documents ({@link TokenizedPart}) to {@code blocks} as {@link #read} would have
     * read them from their source, turned into numbers with this vocabulary.
     */
    public void read(TokenizedPart tokens, long blockBytes, DataSource.Blocks blocks) throws IOException {
        tokens.read(vocabulary, blockBytes, applied(blocks));
    }

    /** {@code blocks}, each block handed to them preprocessed (scaled, standardized): for rows read elsewhere. */
    public DataSource.Blocks applied(DataSource.Blocks blocks) {
        return blocks.afterEach(this::apply);
    }

    private DataSource withVocabulary(DataSource source) {
        return vocabulary == null ? source : source.withVocabulary(vocabulary);
    }

    private Examples apply(Examples data) {
        if (scale != 1.0) {
            data = data.scaledBy((float) (1.0 / scale));
        }
        return standardization == null ? data : standardization.apply(data);
    }
}
