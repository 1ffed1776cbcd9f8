package org.sparkfit.driver.config;

import java.util.List;
import org.sparkfit.datasets.DataSource;
import org.sparkfit.datasets.ParquetSource;
import org.sparkfit.driver.ConfigException;

/**
 * A Parquet file or directory of part files: the {@code label} column ({@code label} by default) and the
 * {@code features} columns (every other column by default, or one array or vector column).
 */
public record ParquetSourceConfig(String path, String label, List<String> features) implements SourceConfig {

    public ParquetSourceConfig {
        label = label == null ? "label" : label;
    }

    @Override
    public void validate(String key) {
        SourceConfig.requirePath(key + ".path", path);
        if (features != null && features.isEmpty()) {
            throw new ConfigException(key + ".features", "empty; list the feature columns, or leave it out to use "
                    + "every column but the label");
        }
    }

    @Override
    public DataSource source(String role, int width) {
        return new ParquetSource(path, features, label, true);
    }

    @Override
    public DataSource unlabeled(String input, int width, SourceConfig test) {
        return new ParquetSource(input, features, label, false);
    }
}
