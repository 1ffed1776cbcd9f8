package org.sparkfit.driver.cli;

import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.sparkfit.driver.jobs.RetrainingRun;
import org.sparkfit.driver.progress.ConsoleProgress;
import org.sparkfit.driver.train.PreparedJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sparkfit retrain CONF --registry URI}: the scheduled-retraining step, with exit codes a scheduler acts on:
 * 0 promoted, 3 trained but kept the current model, 2 bad input, 1 failure (including a registry locked by
 * another retrain).
 */
@Command(name = "retrain", mixinStandardHelpOptions = true,
        description = "Warm-start from a registry's CURRENT model, train on the job's data, promote if better.",
        footer = {"", "Example:", "  sparkfit retrain conf/fashion-mnist-mlp.yaml --registry hdfs:///models/fashion",
                "", "Exit codes: 0 promoted, 3 kept the current model, 2 bad input, 1 failure."})
final class RetrainCommand implements Callable<Integer> {
    @Mixin
    JobFileOptions job;

    @Option(names = "--registry", required = true, paramLabel = "URI",
            description = "The model registry (versions/, CURRENT); created if absent.")
    String registry;

    @Mixin
    SparkOptions spark;

    @Override
    public Integer call() throws Exception {
        PreparedJob planned = PreparedJob.plan(job.load());
        try (JavaSparkContext sc = spark.startTraining("retrain", planned)) {
            RetrainingRun.Decision decision = new RetrainingRun(sc, System.out, ConsoleProgress.onStandardOutput())
                    .run(planned, registry);
            return decision.promoted() ? ExitCodes.OK : ExitCodes.KEPT;
        }
    }
}
