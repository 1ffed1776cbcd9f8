package org.sparkfit.driver.train;

import org.apache.spark.api.java.JavaSparkContext;
import org.sparkfit.datasets.Preprocessing;
import org.sparkfit.datasets.Standardization;
import org.sparkfit.datasets.TextSource;
import org.sparkfit.driver.config.DataConfig;
import org.sparkfit.driver.config.TextSourceConfig;
import org.sparkfit.worker.PartStats;

/**
 * Reads a job's training set (the training side of a validation_split) into the executors' cache and fits its
 * preprocessing on it alone: the vocabulary of a text source first (fitted on the word counts of its tokenized
 * parts, which are then vectorized with it: {@link TokenizedText}), then, when the job asks for it, the
 * standardization of the (vectorized, scaled) features from the moments the read gathered, without reading the
 * data again. A retrain passes the current model's preprocessing to
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
        Fitted read = readScaled(sc, job, classes, new PartStats.Wanted(0, data.standardize()));
        if (!data.standardize()) {
            return read;
        }
        try {
            Standardization standardization = read.train().fitStandardization();
            return new Fitted(new Preprocessing(data.scale(), standardization, read.preprocessing().vocabulary()),
                    read.train().standardizedBy(standardization));
        } catch (RuntimeException e) {
            read.train().close();
            throw e;
        }
    }

    /**
     * The training set read scaled, and for a text source vectorized with the vocabulary fitted on its words, not
     * yet standardized.
     */
    private static Fitted readScaled(JavaSparkContext sc, PreparedJob job, int classes, PartStats.Wanted wanted) {
        DataConfig data = job.config().data();
        int workers = job.config().spark().workers();
        TextSource text = job.trainingText();
        if (text == null || !(data.train() instanceof TextSourceConfig config)) {
            Preprocessing scaled = new Preprocessing(data.scale(), null, null);
            return new Fitted(scaled, PartitionedData.read(sc, "data.train", job.train(), workers, classes, scaled,
                    job.config().spark().cache(), wanted));
        }
        try (TokenizedText words = TokenizedText.read(sc, "data.train", job.train(), workers, classes)) {
            Preprocessing scaled = new Preprocessing(data.scale(), null, words.vocabulary(text.mode(), text.width(),
                    config.vectorization().maxTokens()));
            return new Fitted(scaled, PartitionedData.read("data.train", words, classes, scaled,
                    job.config().spark().cache(), wanted));
        }
    }
}
