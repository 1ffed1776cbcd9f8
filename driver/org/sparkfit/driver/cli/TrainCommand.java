package org.sparkfit.driver.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.sparkfit.driver.config.JobConfig;
import org.sparkfit.driver.jobs.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sparkfit train CONF}: trains a job file and writes its run directory. */
@Command(name = "train", description = "Train the network a job file describes and save the run.",
        footer = {"", "Example:", "  sparkfit train conf/fashion-mnist-mlp.yaml --set fit.epochs=1 --overwrite"})
final class TrainCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CONF", description = "The job file (YAML), a path or URI.")
    String conf;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a job-file key, e.g. fit.epochs=1.")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--overwrite", description = "Replace an existing output directory.")
    boolean overwrite;

    @Mixin
    SparkOptions spark;

    @Override
    public Integer call() throws Exception {
        JobConfig config = JobFiles.load(conf, overrides);
        try (JavaSparkContext sc = spark.start("sparkfit train " + config.name())) {
            new TrainingRun(sc, System.out).run(config, overwrite);
        }
        return ExitCodes.OK;
    }
}
