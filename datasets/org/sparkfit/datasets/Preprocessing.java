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
     * Reads part {@code part} of {@code parts} of {@code source}, its features kept raw and compact, preprocessed as
     * they are copied into mini-batches.
     */
    public Examples read(DataSource source, Configuration conf, int part, int parts, int classes)
            throws IOException {
        Examples data = (vocabulary == null ? source : source.withVocabulary(vocabulary)).read(conf, part, parts,
                classes);
        if (scale != 1.0) {
            data = data.scaledBy((float) (1.0 / scale));
        }
        return standardization == null ? data : standardization.apply(data);
    }
}
