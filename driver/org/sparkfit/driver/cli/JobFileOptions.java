package org.sparkfit.driver.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.sparkfit.driver.config.JobConfig;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The job file argument and its {@code --set} overrides, shared by the commands that read a job file. */
final class JobFileOptions {
    @Parameters(index = "0", paramLabel = "CONF", description = "The job file (YAML), a path or URI.")
    String conf;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a job-file key, e.g. fit.epochs=1.")
    List<String> overrides = new ArrayList<>();

    JobConfig load() throws IOException {
        return JobFiles.load(conf, overrides);
    }
}
