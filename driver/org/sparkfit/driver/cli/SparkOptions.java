package org.sparkfit.driver.cli;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.sparkfit.driver.jobs.ExecutorMemory;
import org.sparkfit.driver.jobs.SparkContexts;
import org.sparkfit.driver.train.PreparedJob;
import picocli.CommandLine.Option;

/** The options of every command that runs Spark jobs. */
final class SparkOptions {
    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master, e.g. local[2] or spark://host:7077 (default: spark-submit's, else local[*]).")
    String master;

    JavaSparkContext start(String appName) {
        return SparkContexts.start(appName, master, null);
    }

    /** Starts Spark to train {@code job} ({@code command}: train or retrain), sizing executor memory for it. */
    JavaSparkContext startTraining(String command, PreparedJob job) {
        ExecutorMemory memory = ExecutorMemory.estimate(job.plan(), job.config().fit().batchSize());
        String url = master != null ? master : new SparkConf().get("spark.master", "local[*]");
        memory.requireFits(job.plan(), url.startsWith("local"));
        return SparkContexts.start("sparkfit " + command + " " + job.config().name(), master, memory);
    }
}
