package org.sparkfit.driver.cli;

import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.sparkfit.driver.jobs.PredictionRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sparkfit predict RUN_DIR --input PATH --output PATH [--format csv|parquet]}: one prediction per input row,
 * written by the executors as the part files of a directory.
 */
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

    @Option(names = "--output", required = true, paramLabel = "PATH", description = "The directory to write: part "
            + "files of rows row,prediction,probability (or margin; row,prediction for values), in input order.")
    String output;

    @Option(names = "--format", paramLabel = "FORMAT", description = "csv (each part with a header line) or "
            + "parquet; by default parquet when the output ends with .parquet, else csv.")
    String format;

    @Option(names = "--overwrite", description = "Replace an earlier predict's output.")
    boolean overwrite;

    @Mixin
    SparkOptions spark;

    @Override
    public Integer call() throws Exception {
        PredictionRun.Format chosen = PredictionRun.Format.of(format, output);
        try (JavaSparkContext sc = spark.start("sparkfit predict")) {
            long rows = new PredictionRun(sc).run(runDir, input, output, overwrite, chosen);
            System.out.println("Wrote " + rows + " predictions to " + output);
        }
        return ExitCodes.OK;
    }
}
