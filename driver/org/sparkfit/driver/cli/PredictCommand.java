package org.sparkfit.driver.cli;

import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.sparkfit.driver.jobs.PredictionRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sparkfit predict RUN_DIR --input PATH --output PATH}: one prediction per input row, as CSV. */
@Command(name = "predict", mixinStandardHelpOptions = true, description = "Predict a class or value for each row of new input with a saved run.",
        footer = {"", "Example:", "  sparkfit predict runs/fashion-mnist-mlp "
                + "--input /usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz --output predictions.csv"})
final class PredictCommand implements Callable<Integer> {
    @picocli.CommandLine.Parameters(index = "0", paramLabel = "RUN_DIR", description = "A run directory.")
    String runDir;

    @Option(names = "--input", required = true, paramLabel = "PATH",
            description = "Input in the job's data format, without labels: an IDX images file, a CSV of feature "
                    + "columns, a LIBSVM file, an .npz (array x_test), or a text file with the job's text column.")
    String input;

    @Option(names = "--output", required = true, paramLabel = "PATH", description = "The CSV file to write.")
    String output;

    @Option(names = "--overwrite", description = "Replace an existing output file.")
    boolean overwrite;

    @Mixin
    SparkOptions spark;

    @Override
    public Integer call() throws Exception {
        try (JavaSparkContext sc = spark.start("sparkfit predict")) {
            long rows = new PredictionRun(sc).run(runDir, input, output, overwrite);
            System.out.println("Wrote " + rows + " predictions to " + output);
        }
        return ExitCodes.OK;
    }
}
