package org.sparkfit.driver.jobs;

import java.io.IOException;
import java.util.Locale;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.sparkfit.datasets.DataShape;
import org.sparkfit.datasets.DataSource;
import org.sparkfit.driver.UserInputException;
import org.sparkfit.driver.config.DataConfig;
import org.sparkfit.driver.store.StagedOutput;
import org.sparkfit.driver.train.PartitionedData;
import org.sparkfit.driver.train.PreparedJob;
import org.sparkfit.worker.PartStats;
import org.sparkfit.worker.PredictTask;

/**
 * {@code sparkfit predict}: runs a saved run's model over unlabeled input in the format of the job's data (an IDX
 * images file, a CSV of feature columns alone, or a text file with the job's text column), through the run's
 * saved preprocessing, as a Spark job: each executor predicts its own part of the input a block at a time and writes
 * it as its own part file of the output directory (CSV with a header, or Parquet), through Spark's file committer,
 * into a staging directory renamed into place at the end. Rows keep the input's order (a sort by their keys): part
 * files in name order, each row numbered ({@link PredictTask#schema}). The driver holds no prediction.
 */
public final class PredictionRun {
    /** The file that marks a directory as sparkfit's predictions, which --overwrite may replace. */
    static final String MARKER = "_SPARKFIT_PREDICTIONS";
    private static final StagedOutput.Kind PREDICTIONS = StagedOutput.directoryHolding("a sparkfit predictions "
            + "directory (one holding " + MARKER + ")", MARKER);
    private final JavaSparkContext sc;

    /** How the predictions are written: Spark SQL's CSV (with a header line in every part) or Parquet. */
    public enum Format {
        CSV, PARQUET;

        /** {@code name} ({@code csv} or {@code parquet}), or when null the format the output's extension names. */
        public static Format of(String name, String output) {
            if (name == null) {
                return output.toLowerCase(Locale.ROOT).endsWith(".parquet") ? PARQUET : CSV;
            }
            try {
                return valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new UserInputException("--format " + name + ": unknown format; use csv or parquet");
            }
        }
    }

    public PredictionRun(JavaSparkContext sc) {
        this.sc = sc;
    }

    /** Writes CSV, or Parquet when {@code output} ends with {@code .parquet}. */
    public long run(String runDir, String input, String output, boolean overwrite) throws IOException {
        return run(runDir, input, output, overwrite, Format.of(null, output));
    }

    /** @return the number of rows predicted */
    public long run(String runDir, String input, String output, boolean overwrite, Format format)
            throws IOException {
        SavedRun saved = SavedRun.load(runDir, sc.hadoopConfiguration());
        PreparedJob job = saved.job();
        DataConfig config = job.config().data();
        DataSource source = config.train().unlabeled(input, job.plan().inputWidth(), config.test());
        DataShape shape = PreparedJob.inspectShape("--input", source, sc.hadoopConfiguration());
        if (shape.featureWidth() != job.plan().inputWidth()) {
            throw new UserInputException("--input: " + input + " has " + shape.featureWidth() + " values per row "
                    + "but the model takes " + job.plan().inputWidth() + " features (give the feature columns "
                    + "alone, without a label column)");
        }
        StagedOutput.checkTarget(output, overwrite, PREDICTIONS, sc.hadoopConfiguration());
        Broadcast<float[]> state = sc.broadcast(saved.state());
        try (PartitionedData data = PartitionedData.read(sc, "--input", source, job.config().spark().workers(), -1,
                saved.preprocessing(), job.config().spark().cache(), PartStats.Wanted.LABELS);
             StagedOutput staged = StagedOutput.directory(output, overwrite, PREDICTIONS, sc.hadoopConfiguration())) {
            sc.setJobDescription("sparkfit predict " + input);
            // In input order: sorted by the rows' keys (a part's rows may interleave with another's, as when every
            // worker reads a gzip file whole), then numbered. The sort samples the keys first, so the predictions
            // are kept (serialized, spilling to disk) to be made once.
            JavaPairRDD<Long, Row> predicted = data.rdd().mapPartitionsToPair(new PredictTask(job.spec(), state))
                    .persist(StorageLevel.MEMORY_AND_DISK_SER());
            try {
                JavaRDD<Row> rows = predicted.sortByKey(true, data.rdd().getNumPartitions()).values()
                        .zipWithIndex().map(numbered -> PredictTask.numbered(numbered._2(), numbered._1()));
                SparkSession.builder().sparkContext(sc.sc()).getOrCreate()
                        .createDataFrame(rows, PredictTask.schema(job.spec().task()))
                        .write().mode(SaveMode.Overwrite).option("header", true).format(format.name()
                                .toLowerCase(Locale.ROOT)).save(staged.staging().toString());
            } finally {
                predicted.unpersist(false);
            }
            staged.writeString(MARKER, "predictions of " + runDir + " for " + input + "\n");
            staged.commit();
            return data.examples();
        } finally {
            state.destroy();
            sc.setJobDescription(null);
        }
    }
}
