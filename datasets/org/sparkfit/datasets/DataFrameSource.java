package org.sparkfit.datasets;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;

/**
 * A job's data set named by the columns of a Spark application's DataFrame (format {@code dataframe}, which
 * sparkfit's Spark ML Estimator writes into the job it trains): the rows reach the workers from the DataFrame, never
 * from a file, so read from a file system, as {@code sparkfit train} reads its data, it refuses with the fix.
 */
public record DataFrameSource(String features, String label) implements DataSource {
    private static final long serialVersionUID = 1L;

    @Override
    public String describe() {
        return "the DataFrame columns '" + features + "' and '" + label + "'";
    }

    @Override
    public DataShape inspect(Configuration conf) throws IOException {
        throw fromFiles();
    }

    @Override
    public Examples read(Configuration conf, int part, int parts, int classes) throws IOException {
        throw fromFiles();
    }

    private DataFormatException fromFiles() {
        return new DataFormatException("format dataframe names the columns of a DataFrame given to "
                + "SparkfitEstimator.fit in a Spark application, which the command line cannot read; save the "
                + "DataFrame as Parquet and name it {format: parquet, path: PATH, features: [" + features + "], label: "
                + label + "} (evaluate takes it as --data)");
    }
}
