package org.sparkfit.driver.jobs;

import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.sparkfit.driver.config.JobConfig;
import org.sparkfit.driver.config.JobConfigLoader;
import org.sparkfit.driver.model.ModelSummary;
import org.sparkfit.driver.store.RunDirectory;
import org.sparkfit.driver.store.RunMetrics;
import org.sparkfit.driver.store.StagedOutput;
import org.sparkfit.driver.train.DistributedTrainer;
import org.sparkfit.driver.train.MetricValues;
import org.sparkfit.driver.train.PartitionedData;
import org.sparkfit.driver.train.PreparedJob;
import org.sparkfit.driver.train.TrainingOutcome;
import org.sparkfit.worker.FlatState;

/**
 * {@code sparkfit train}: checks the job and its data, trains it data-parallel, and writes the run directory
 * (model, resolved job, summary, metrics) under a temporary name renamed into place at the end.
 */
public final class TrainingRun {
    private final JavaSparkContext sc;
    private final PrintStream out;

    public TrainingRun(JavaSparkContext sc, PrintStream out) {
        this.sc = sc;
        this.out = out;
    }

    public TrainingOutcome run(JobConfig config, boolean overwrite) throws IOException {
        PreparedJob job = PreparedJob.plan(config);
        Configuration hadoop = sc.hadoopConfiguration();
        StagedOutput.checkTarget(config.output(), overwrite, hadoop);
        job.inspectData(hadoop);
        String summary = ModelSummary.format(config.name(), job.plan());
        out.print(summary);

        MultiLayerNetwork net = new MultiLayerNetwork(job.network());
        net.init();
        int workers = config.spark().workers();
        int classes = job.spec().task().labelClasses();
        double scale = config.data().scale();
        TrainingOutcome outcome;
        try (PartitionedData train = PartitionedData.read(sc, "data.train", job.train(), workers, classes, scale);
             PartitionedData test = PartitionedData.read(sc, "data.test", job.test(), workers, classes, scale)) {
            out.printf("Training on %d examples in %d partitions, validating on %d%n", train.examples(), workers,
                    test.examples());
            if (!sc.isLocal()) {
                out.printf("Executors: spark.executor.memory %s, spark.executor.memoryOverhead %s%n",
                        sc.getConf().get("spark.executor.memory", "1g"),
                        sc.getConf().get("spark.executor.memoryOverhead", "Spark's default"));
            }
            DistributedTrainer trainer = new DistributedTrainer(sc, job, record -> out.println(record.line()));
            outcome = trainer.fit(train, test, FlatState.of(net));
        }
        FlatState.apply(outcome.state(), net);
        write(config, overwrite, net, summary, outcome);
        out.println("Test: " + MetricValues.format(outcome.test()) + "   (baseline: "
                + MetricValues.format(outcome.baseline()) + ")");
        out.println("Saved run to " + config.output());
        return outcome;
    }

    private void write(JobConfig config, boolean overwrite, MultiLayerNetwork net, String summary,
                       TrainingOutcome outcome) throws IOException {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("workers", config.spark().workers());
        extra.put("averaging_frequency", config.spark().averagingFrequency());
        extra.put("spark_master", sc.master());
        try (StagedOutput run = StagedOutput.directory(config.output(), overwrite, sc.hadoopConfiguration())) {
            RunDirectory.writeModel(net, run);
            run.writeString(RunDirectory.CONFIG, JobConfigLoader.toYaml(config));
            run.writeString(RunDirectory.SUMMARY, summary);
            run.writeString(RunDirectory.METRICS, RunMetrics.toJson(outcome, extra));
            run.commit();
        }
    }
}
