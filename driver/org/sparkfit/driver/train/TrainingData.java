package org.sparkfit.driver.train;

import org.apache.spark.api.java.JavaSparkContext;
import org.sparkfit.datasets.Preprocessing;
import org.sparkfit.worker.PartStats;

/**
 * A job's training and held-out sets read into the executors' cache, with the preprocessing fitted on the training
 * set alone ({@link PreprocessingFit}) and applied to both: what a training starts from, whether its job came from a
 * file or from a Spark application. Closing it releases both caches.
 */
public record TrainingData(Preprocessing preprocessing, PartitionedData train, PartitionedData test)
        implements AutoCloseable {

    /** @param keep the preprocessing of the model a retrain warm-starts from, or null to fit it anew */
    public static TrainingData read(JavaSparkContext sc, PreparedJob job, Preprocessing keep) {
        PreprocessingFit.Fitted fitted = PreprocessingFit.readTraining(sc, job, keep);
        try {
            PartitionedData test = PartitionedData.read(sc, "data.test", job.test(), job.config().spark().workers(),
                    job.spec().task().labelClasses(), fitted.preprocessing(), job.config().spark().cache(),
                    new PartStats.Wanted(fitted.train().labels().mean(), false));
            return new TrainingData(fitted.preprocessing(), fitted.train(), test);
        } catch (RuntimeException e) {
            fitted.train().close();
            throw e;
        }
    }

    @Override
    public void close() {
        train.close();
        test.close();
    }
}
