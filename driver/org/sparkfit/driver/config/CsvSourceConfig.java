package org.sparkfit.driver.config;

import org.sparkfit.datasets.CsvSource;
import org.sparkfit.datasets.DataSource;

/**
 * A delimited file of numbers (or a directory of part files): the {@code label} column (a name, with a
 * {@code header}, or a 0-based index, negative from the end; the last column by default) and the others as
 * features.
 */
public record CsvSourceConfig(String path, String label, Boolean header, String delimiter) implements SourceConfig {

    public CsvSourceConfig {
        label = label == null ? "-1" : label;
        header = header != null && header;
        delimiter = delimiter == null ? "," : delimiter;
    }

    @Override
    public void validate(String key) {
        SourceConfig.requirePath(key + ".path", path);
        SourceConfig.requireOneCharacter(key + ".delimiter", delimiter);
    }

    @Override
    public DataSource source(String role, int width) {
        return new CsvSource(path, label, header, delimiter.charAt(0));
    }

    @Override
    public DataSource unlabeled(String input, int width, SourceConfig test) {
        return new CsvSource(input, null, header, delimiter.charAt(0));
    }
}
