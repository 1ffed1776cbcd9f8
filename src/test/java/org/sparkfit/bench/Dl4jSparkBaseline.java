package org.sparkfit.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.dataset.DataSet;
import org.sparkfit.datasets.Examples;
import org.sparkfit.driver.config.JobConfig;
import org.sparkfit.driver.jobs.SparkContexts;
import org.sparkfit.driver.train.PreparedJob;
import org.sparkfit.worker.Batches;
import org.sparkfit.worker.CutBatches;
import org.sparkfit.worker.EpochOrder;

/**
 * The benchmark's reference row: DL4J's own Spark trainer ({@code dl4j-spark}'s
 * {@link ParameterAveragingTrainingMaster}, the parameter averaging sparkfit replaces) on the same network, data,
 * batch size per worker, worker count and averaging frequency, set up as its documentation shows: an RDD of
 * mini-batch {@link DataSet}s, cached, one {@code fit} call per epoch, everything else at its defaults.
 */
final class Dl4jSparkBaseline {
    private Dl4jSparkBaseline() {
    }

    static EpochBenchmark.Result run(JobConfig job, PreparedJob prepared, Examples train, Examples test,
                                     String master) {
        int batch = job.fit().batchSize();
        List<DataSet> batches = new ArrayList<>();
        int[] order = EpochOrder.of(train.rows(), job.fit().seed(), 0, 0, job.fit().shuffle());
        for (int from = 0; from < train.rows(); from += batch) {
            batches.add(CutBatches.labelled(train, prepared.spec().task(), order, from,
                    Math.min(batch, train.rows() - from)));
        }
        List<Double> seconds = new ArrayList<>();
        SparkDl4jMultiLayer spark;
        try (JavaSparkContext sc = SparkContexts.start("dl4j-spark-bench", master, null)) {
            sc.setLogLevel("WARN");
            JavaRDD<DataSet> data = sc.parallelize(batches, job.spark().workers()).persist(StorageLevel.MEMORY_ONLY());
            data.count();
            ParameterAveragingTrainingMaster trainingMaster =
                    new ParameterAveragingTrainingMaster.Builder(job.spark().workers(), batch)
                    .batchSizePerWorker(batch)
                    .averagingFrequency(job.spark().averagingFrequency())
                    .rngSeed(job.fit().seed())
                    .build();
            spark = new SparkDl4jMultiLayer(sc, prepared.network().clone(), trainingMaster);
            spark.setCollectTrainingStats(false);
            for (int epoch = 0; epoch < job.fit().epochs(); epoch++) {
                long start = System.nanoTime();
                spark.fit(data);
                seconds.add((System.nanoTime() - start) / 1e9);
                System.err.printf(Locale.ROOT, "dl4j-spark epoch %d: %.2fs%n", epoch + 1, seconds.get(epoch));
            }
        }
        return new EpochBenchmark.Result(seconds, EpochBenchmark.accuracy(prepared, test, spark.getNetwork()));
    }
}
