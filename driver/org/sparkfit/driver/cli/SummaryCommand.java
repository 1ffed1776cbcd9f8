package org.sparkfit.driver.cli;

import java.util.concurrent.Callable;
import org.sparkfit.driver.config.JobConfig;
import org.sparkfit.driver.model.ModelSummary;
import org.sparkfit.driver.model.NetworkPlanner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code sparkfit summary CONF}: Keras' summary table of the job's network, without starting Spark. */
@Command(name = "summary", mixinStandardHelpOptions = true, description = "Print the network's layers, output shapes and parameter counts.",
        footer = {"", "Example:", "  sparkfit summary conf/fashion-mnist-mlp.yaml"})
final class SummaryCommand implements Callable<Integer> {
    @Mixin
    JobFileOptions job;

    @Override
    public Integer call() throws Exception {
        JobConfig config = job.load();
        System.out.print(ModelSummary.format(config.name(), NetworkPlanner.plan(config)));
        return ExitCodes.OK;
    }
}
