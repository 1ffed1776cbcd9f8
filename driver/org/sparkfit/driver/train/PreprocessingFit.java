package org.sparkfit.driver.train;

import org.apache.spark.api.java.JavaSparkContext;
import org.sparkfit.datasets.Preprocessing;
import org.sparkfit.datasets.Standardization;
import org.sparkfit.datasets.TextSource;
import org.sparkfit.datasets.Vocabulary;
import org.sparkfit.driver.config.DataConfig;
import org.sparkfit.driver.config.TextSourceConfig;
import org.sparkfit.worker.PartStats;

/**
 * Reads a job's training set (the training side of a validation_split) into the executors' cache and fits its
 * preprocessing on it alone: the vocabulary of a text source first (its own pass: documents become numbers only
 * with it), then, when the job asks for it, the standardization of the (vectorized, scaled) features from the
 * moments the read gathered, without reading the data again. A retrain passes the current model's preprocessing to
 * keep instead, since the warm-started weights were fitted to it (RetrainingRun has checked that the job asks for
 * the same).
 */
public final class PreprocessingFit {
    private PreprocessingFit() {
    }

    /** The fitted preprocessing and the training set read with it. */
    public record Fitted(Preprocessing preprocessing, PartitionedData train) {
    }

    /** @param keep the preprocessing of the model a retrain warm-starts from, or null to fit anew */
    public static Fitted readTraining(JavaSparkContext sc, PreparedJob job, Preprocessing keep) {
        DataConfig data = job.config().data();
        int workers = job.config().spark().workers();
        int classes = job.spec().task().labelClasses();
        if (keep != null) {
            Preprocessing kept = new Preprocessing(data.scale(), keep.standardization(), keep.vocabulary());
            return new Fitted(kept, PartitionedData.read(sc, "data.train", job.train(), workers, classes, kept,
                    job.config().spark().cache(), PartStats.Wanted.LABELS));
        }
        TextSource text = job.trainingText();
        Vocabulary vocabulary = text == null || !(data.train() instanceof TextSourceConfig config) ? null
                : PartitionedData.fitVocabulary(sc, "data.train", job.train(), workers, text.mode(), text.width(),
                        config.vectorization().maxTokens());
        Preprocessing scaled = new Preprocessing(data.scale(), null, vocabulary);
        PartitionedData train = PartitionedData.read(sc, "data.train", job.train(), workers, classes, scaled,
                job.config().spark().cache(), new PartStats.Wanted(0, data.standardize()));
        if (!data.standardize()) {
            return new Fitted(scaled, train);
        }
        try {
            Standardization standardization = train.fitStandardization();
            return new Fitted(new Preprocessing(data.scale(), standardization, vocabulary),
                    train.standardizedBy(standardization));
        } catch (RuntimeException e) {
            train.close();
            throw e;
        }
    }
}
