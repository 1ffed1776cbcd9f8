package org.sparkfit.driver.cli;

import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
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
        PreparedJob planned = PreparedJob.plan(job.load());
        try (JavaSparkContext sc = spark.startTraining("train", planned)) {
            new TrainingRun(sc, System.out, ConsoleProgress.onStandardOutput().withProfile(profile)).run(planned,
                    overwrite, resume);
        }
        return ExitCodes.OK;
    }
}
