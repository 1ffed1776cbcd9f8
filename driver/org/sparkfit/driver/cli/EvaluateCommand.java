package org.sparkfit.driver.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.sparkfit.driver.jobs.EvaluationRun;
import org.sparkfit.driver.train.MetricValues;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sparkfit evaluate RUN_DIR [--data SOURCE]}: scores a saved model again on its job's held-out data, or on
 * another data set.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, description = "Re-evaluate a saved run's model on its job's test data.",
        footer = {"", "Example:", "  sparkfit evaluate runs/fashion-mnist-mlp"})
final class EvaluateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "A run directory written by train.")
    String runDir;

    @Option(names = "--data", paramLabel = "SOURCE", description = "Score on this data set instead of the job's "
            + "data.test: a source as a job file writes one, e.g. \"{format: parquet, path: test.parquet, features: "
            + "[features], label: label}\" (docs/CONFIG.md).")
    String data;

    @Mixin
    SparkOptions spark;

    @Override
    public Integer call() throws Exception {
        try (JavaSparkContext sc = spark.start("sparkfit evaluate")) {
            Map<String, Double> values = new EvaluationRun(sc).run(runDir, data);
            System.out.println(MetricValues.format(values));
        }
        return ExitCodes.OK;
    }
}
