package org.sparkfit.driver.jobs;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.sparkfit.datasets.Preprocessing;
import org.sparkfit.driver.config.JobConfig;
import org.sparkfit.driver.config.JobConfigLoader;
import org.sparkfit.driver.report.RunReport;
import org.sparkfit.driver.store.RunDirectory;
import org.sparkfit.driver.store.RunMetrics;
import org.sparkfit.driver.store.StagedOutput;
import org.sparkfit.driver.train.TrainingOutcome;

/**
 * Writes a trained model's run directory (model with its preprocessing, resolved job, summary, metrics, report and
 * charts) under a temporary name, committed whole at the end: {@code sparkfit train}'s output, and what a Spark ML
 * model trained by sparkfit saves.
 */
public final class RunWriter {
    private RunWriter() {
    }

    /**
     * A finished training: its job, its network holding the final state, the preprocessing its data went through,
     * its summary, and its {@code metrics.json} ({@link #metrics}).
     */
    public record Run(JobConfig config, MultiLayerNetwork net, Preprocessing preprocessing, String summary,
                      String metrics) {
    }

    /** The {@code metrics.json} of {@code outcome}, with {@link #facts} and {@code extra} beside it. */
    public static String metrics(JobConfig config, String master, TrainingOutcome outcome, Map<String, Object> extra) {
        Map<String, Object> all = facts(config, master);
        all.putAll(extra);
        return RunMetrics.toJson(config.name(), outcome, all);
    }

    /** What {@code metrics.json} records of how a job was spread over Spark's {@code master}. */
    private static Map<String, Object> facts(JobConfig config, String master) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("workers", config.spark().workers());
        facts.put("exchange", config.spark().exchange());
        facts.put("averaging_frequency", config.spark().averagingFrequency());
        facts.put("spark_master", master);
        return facts;
    }

    /**
     * Writes {@code run} to {@code output}, with {@code files} (name to text) beside its own.
     *
     * @param overwrite replace an earlier run directory there
     */
    public static void write(Configuration hadoop, String output, boolean overwrite, Run run, Map<String, String> files)
            throws IOException {
        try (StagedOutput staged = StagedOutput.directory(output, overwrite, RunDirectory.KIND, hadoop)) {
            RunDirectory.writeModel(run.net(), run.preprocessing(), staged);
            String yaml = JobConfigLoader.toYaml(run.config());
            staged.writeString(RunDirectory.CONFIG, yaml);
            staged.writeString(RunDirectory.SUMMARY, run.summary());
            staged.writeString(RunDirectory.METRICS, run.metrics());
            RunReport.write(staged, run.metrics(), run.summary(), yaml);
            for (Map.Entry<String, String> file : files.entrySet()) {
                staged.writeString(file.getKey(), file.getValue());
            }
            staged.commit();
        }
    }
}
