package org.sparkfit.driver.train;

import org.apache.spark.api.java.JavaSparkContext;
import org.sparkfit.datasets.Preprocessing;
import org.sparkfit.datasets.Standardization;
import org.sparkfit.datasets.TextSource;
import org.sparkfit.datasets.Vocabulary;
import org.sparkfit.driver.config.DataConfig;

/**
 * Fits a job's preprocessing on its training set alone (the training side of a validation_split), on the
 * executors: the vocabulary of a text source, then the standardization of the (vectorized, scaled) features when
 * the job asks for it. A retrain passes the current model's preprocessing to keep instead, since the
 * warm-started weights were fitted to it (RetrainingRun has checked that the job asks for the same).
 */
public final class PreprocessingFit {
    private PreprocessingFit() {
    }

    /** @param keep the preprocessing of the model a retrain warm-starts from, or null to fit anew */
    public static Preprocessing of(JavaSparkContext sc, PreparedJob job, Preprocessing keep) {
        DataConfig data = job.config().data();
        if (keep != null) {
            return new Preprocessing(data.scale(), keep.standardization(), keep.vocabulary());
        }
        int workers = job.config().spark().workers();
        int classes = job.spec().task().labelClasses();
        TextSource text = job.trainingText();
        Vocabulary vocabulary = text == null ? null : PartitionedData.fitVocabulary(sc, "data.train", job.train(),
                workers, text.mode(), text.width(), data.train().vectorization().maxTokens());
        Standardization standardization = data.standardize() ? PartitionedData.fitStandardization(sc, "data.train",
                job.train(), workers, classes, data.scale(), vocabulary) : null;
        return new Preprocessing(data.scale(), standardization, vocabulary);
    }
}
