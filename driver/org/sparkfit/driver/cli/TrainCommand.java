package org.sparkfit.driver.cli;

import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.sparkfit.driver.config.JobConfig;
import org.sparkfit.driver.jobs.ExecutorMemory;
import org.sparkfit.driver.jobs.TrainingRun;
import org.sparkfit.driver.progress.ConsoleProgress;
import org.sparkfit.driver.train.PreparedJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sparkfit train CONF}: trains a job file and writes its run directory. */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Train the network a job file describes and save the run.",
        footer = {"", "Examples:", "  sparkfit train conf/fashion-mnist-mlp.yaml --set fit.epochs=1 --overwrite",
                "  sparkfit train conf/fashion-mnist-mlp.yaml --resume"})
final class TrainCommand implements Callable<Integer> {
    /** Without a terminal (cron, YARN), a progress line at most this often. */
    static final double PROGRESS_INTERVAL_SECONDS = 30;

    @Mixin
    JobFileOptions job;

    @Option(names = "--overwrite", description = "Replace an existing output directory (or an unfinished run's "
            + "checkpoints).")
    boolean overwrite;

    @Option(names = "--resume", description = "Continue an unfinished run from its newest checkpoint.")
    boolean resume;

    @Option(names = "--profile", description = "Print where each epoch's time went (also in metrics.json).")
    boolean profile;

    @Mixin
    SparkOptions spark;

    @Override
    public Integer call() throws Exception {
        JobConfig config = job.load();
        ExecutorMemory memory = ExecutorMemory.estimate(PreparedJob.plan(config).plan(), config.fit().batchSize());
        try (JavaSparkContext sc = spark.start("sparkfit train " + config.name(), memory)) {
            ConsoleProgress progress = ConsoleProgress.create(System.out, System.console() != null,
                    PROGRESS_INTERVAL_SECONDS).withProfile(profile);
            new TrainingRun(sc, System.out, progress).run(config, overwrite, resume);
        }
        return ExitCodes.OK;
    }
}
