package org.sparkfit.driver.cli;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.sparkfit.driver.config.JobConfig;
import org.sparkfit.driver.jobs.ExecutorMemory;
import org.sparkfit.driver.jobs.SparkContexts;
import org.sparkfit.driver.model.NetworkPlan;
import org.sparkfit.driver.model.NetworkPlanner;
import picocli.CommandLine.Option;

/** The options of every command that runs Spark jobs. */
final class SparkOptions {
    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master, e.g. local[2] or spark://host:7077 (default: spark-submit's, else local[*]).")
    String master;

    JavaSparkContext start(String appName) {
        return SparkContexts.start(appName, master, null);
    }

    /** Starts Spark to train {@code config} ({@code command}: train or retrain), sizing executor memory for it. */
    JavaSparkContext startTraining(String command, JobConfig config) {
        NetworkPlan plan = NetworkPlanner.plan(config);
        ExecutorMemory memory = ExecutorMemory.estimate(plan, config.fit().batchSize());
        String url = master != null ? master : new SparkConf().get("spark.master", "local[*]");
        memory.requireFits(plan, url.startsWith("local"));
        return SparkContexts.start("sparkfit " + command + " " + config.name(), master, memory);
    }
}
