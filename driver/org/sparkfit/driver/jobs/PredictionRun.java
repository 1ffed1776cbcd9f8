package org.sparkfit.driver.jobs;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.sparkfit.datasets.DataShape;
import org.sparkfit.datasets.DataSource;
import org.sparkfit.driver.UserInputException;
import org.sparkfit.driver.config.DataConfig;
import org.sparkfit.driver.store.StagedOutput;
import org.sparkfit.driver.train.PartitionedData;
import org.sparkfit.driver.train.PreparedJob;
import org.sparkfit.worker.PredictTask;
import org.sparkfit.worker.PartStats;
import org.sparkfit.worker.Predictions;
import org.sparkfit.worker.Task;

/**
 * {@code sparkfit predict}: runs a saved run's model over unlabeled input in the format of the job's data (an IDX
 * images file, a CSV of feature columns alone, or a text file with the job's text column), through the run's
 * saved preprocessing, and writes one CSV row per input row, in input order:
 * {@code row,prediction,probability} for classes, {@code row,prediction} for values.
 */
public final class PredictionRun {
    /** What --overwrite may replace: an earlier predict's output. */
    private static final StagedOutput.Kind PREDICTIONS = StagedOutput.fileStartingWith("a sparkfit predictions file "
            + "(a CSV whose first line starts with row,prediction)", "row,prediction".getBytes(StandardCharsets.UTF_8));
    private final JavaSparkContext sc;

    public PredictionRun(JavaSparkContext sc) {
        this.sc = sc;
    }

    /** @return the number of rows predicted */
    public long run(String runDir, String input, String output, boolean overwrite) throws IOException {
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
        List<Predictions> parts;
        Broadcast<float[]> state = sc.broadcast(saved.state());
        try (PartitionedData data = PartitionedData.read(sc, "--input", source, job.config().spark().workers(), -1,
                saved.preprocessing(), job.config().spark().cache(), PartStats.Wanted.LABELS)) {
            parts = data.rdd().mapPartitions(new PredictTask(job.spec(), state)).collect();
        } finally {
            state.destroy();
        }
        long rows = parts.stream().mapToLong(Predictions::rows).sum();
        try (StagedOutput file = StagedOutput.file(output, overwrite, PREDICTIONS, sc.hadoopConfiguration())) {
            try (Writer writer = new BufferedWriter(new OutputStreamWriter(file.create(null),
                    StandardCharsets.UTF_8))) {
                write(writer, job.spec().task(), parts, rows);
            }
            file.commit();
        }
        return rows;
    }

    private static void write(Writer writer, Task task, List<Predictions> parts, long rows) throws IOException {
        int width = task.outputs();
        long[] keys = new long[Math.toIntExact(rows)];
        float[] outputs = new float[Math.toIntExact(rows * width)];
        int at = 0;
        for (Predictions p : parts) {
            System.arraycopy(p.rowKeys(), 0, keys, at, p.rows());
            System.arraycopy(p.outputs(), 0, outputs, at * width, p.rows() * width);
            at += p.rows();
        }
        // Rows in the order the input stores them, whichever parts read them.
        int[] order = IntStream.range(0, keys.length).boxed().sorted(Comparator.comparingLong(i -> keys[i]))
                .mapToInt(Integer::intValue).toArray();
        float[] ordered = new float[outputs.length];
        for (int r = 0; r < order.length; r++) {
            System.arraycopy(outputs, order[r] * width, ordered, r * width, width);
        }
        writer.write(switch (task.kind()) {
            case MULTICLASS, BINARY -> "row,prediction,probability\n";
            case MARGIN -> "row,prediction,margin\n";
            case REGRESSION -> "row,prediction\n";
        });
        for (int r = 0; r < rows; r++) {
            writer.write(r + "," + format(task, ordered, r * width) + "\n");
        }
    }

    private static String format(Task task, float[] out, int offset) {
        int predicted = (int) task.prediction(out, offset);
        return switch (task.kind()) {
            case MULTICLASS -> predicted + "," + number(out[offset + predicted]);
            case BINARY -> predicted + "," + number(predicted == 1 ? out[offset] : 1 - out[offset]);
            case MARGIN -> predicted + "," + number(out[offset]);
            case REGRESSION -> number(out[offset]);
        };
    }

    private static String number(float v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
