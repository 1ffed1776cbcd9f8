package org.sparkfit.driver.config;

import java.util.List;
import org.sparkfit.datasets.DataFrameSource;
import org.sparkfit.datasets.DataSource;
import org.sparkfit.datasets.ParquetSource;
import org.sparkfit.driver.ConfigException;

/**
 * The columns of a DataFrame given to sparkfit's Spark ML Estimator, which writes this entry into the job it
 * trains: the {@code features} column (a Spark ML vector or an array of numbers) and the {@code label} column. A
 * model trained so predicts ({@code sparkfit predict}) from Parquet files holding the same features column.
 */
public record DataFrameSourceConfig(String features, String label) implements SourceConfig {

    public DataFrameSourceConfig {
        features = features == null ? "features" : features;
        label = label == null ? "label" : label;
    }

    @Override
    public void validate(String key) {
        for (String column : List.of(features, label)) {
            if (column.isBlank()) {
                throw new ConfigException(key, "a column name is empty; name the DataFrame's columns");
            }
        }
    }

    @Override
    public DataSource source(String role, int width) {
        return new DataFrameSource(features, label);
    }

    @Override
    public DataSource unlabeled(String input, int width, SourceConfig test) {
        return new ParquetSource(input, List.of(features), label, false);
    }
}
