package org.sparkfit.driver.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.sparkfit.driver.config.JobConfig;
import org.sparkfit.driver.model.ModelSummary;
import org.sparkfit.driver.model.NetworkPlanner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sparkfit summary CONF}: Keras' summary table of the job's network, without starting Spark. */
@Command(name = "summary", description = "Print the network's layers, output shapes and parameter counts.",
        footer = {"", "Example:", "  sparkfit summary conf/fashion-mnist-mlp.yaml"})
final class SummaryCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CONF", description = "The job file (YAML), a path or URI.")
    String conf;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a job-file key.")
    List<String> overrides = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        JobConfig config = JobFiles.load(conf, overrides);
        System.out.print(ModelSummary.format(config.name(), NetworkPlanner.plan(config)));
        return ExitCodes.OK;
    }
}
