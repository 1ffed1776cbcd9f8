package org.sparkfit.driver.config;

import java.util.List;
import org.sparkfit.datasets.DataFrameSource;
import org.sparkfit.datasets.DataSource;
import org.sparkfit.datasets.ParquetSource;
import org.sparkfit.driver.ConfigException;

/**
 * The columns of a DataFrame given to sparkfit's Spark ML Estimator, which writes this entry into the job it
 * trains: the {@code features} columns (one Spark ML vector or array of numbers, or numeric columns) and the
 * {@code label} column. A model trained so predicts ({@code sparkfit predict}) from Parquet files holding the same
 * features columns.
 */
public record DataFrameSourceConfig(List<String> features, String label) implements SourceConfig {

    public DataFrameSourceConfig {
        features = features == null ? List.of("features") : List.copyOf(features);
        label = label == null ? "label" : label;
    }

    @Override
    public void validate(String key) {
        if (features.isEmpty()) {
            throw new ConfigException(key + ".features", "empty; name the features column(s)");
        }
        for (String column : features) {
            named(key + ".features", column);
        }
        named(key + ".label", label);
    }

    private static void named(String key, String column) {
        if (column.isBlank()) {
            throw new ConfigException(key, "a column name is empty; name the DataFrame's columns");
        }
    }

    @Override
    public DataSource source(String role, int width) {
        return new DataFrameSource(String.join(", ", features), label);
    }

    @Override
    public DataSource unlabeled(String input, int width, SourceConfig test) {
        return new ParquetSource(input, features, label, false);
    }
}
