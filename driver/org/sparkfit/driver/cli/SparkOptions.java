package org.sparkfit.driver.cli;

import org.apache.spark.api.java.JavaSparkContext;
import org.sparkfit.driver.jobs.ExecutorMemory;
import org.sparkfit.driver.jobs.SparkContexts;
import picocli.CommandLine.Option;

/** The options of every command that runs Spark jobs. */
final class SparkOptions {
    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master, e.g. local[2] or spark://host:7077 (default: spark-submit's, else local[*]).")
    String master;

    JavaSparkContext start(String appName) {
        return SparkContexts.start(appName, master, null);
    }

    JavaSparkContext start(String appName, ExecutorMemory memory) {
        return SparkContexts.start(appName, master, memory);
    }
}
