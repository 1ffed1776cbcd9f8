package org.sparkfit.driver.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.sparkfit.driver.report.RunComparison;
import org.sparkfit.driver.store.StagedOutput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sparkfit compare RUN_DIR...}: several runs' settings and scores side by side, without starting Spark. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Compare runs (or every version of a model registry): settings and held-out scores.",
        footer = {"", "Examples:", "  sparkfit compare runs/mlp-adam runs/mlp-rmsprop --chart runs/compare.png",
                "  sparkfit compare hdfs:///models/fashion"})
final class CompareCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "RUN_DIR", description = "Run directories or model registries.")
    List<String> runs;

    /** What --overwrite may replace: an image, like the chart itself. */
    private static final StagedOutput.Kind PNG = StagedOutput.fileStartingWith("a PNG image",
            new byte[] {(byte) 0x89, 'P', 'N', 'G'});

    @Option(names = "--chart", paramLabel = "PNG", description = "Also write a bar chart of the scores here.")
    String chart;

    @Option(names = "--overwrite", description = "Replace an existing chart file.")
    boolean overwrite;

    @Override
    public Integer call() throws Exception {
        Configuration conf = new Configuration();
        RunComparison comparison = RunComparison.load(runs, conf);
        System.out.print(comparison.table());
        if (chart != null) {
            StagedOutput.writeFile(chart, comparison.chart(), overwrite, PNG, conf);
        }
        return ExitCodes.OK;
    }
}
