package org.sparkfit.driver.config;

import org.sparkfit.datasets.DataSource;
import org.sparkfit.datasets.LibsvmSource;

/** A LIBSVM/SVMlight file (or a directory of part files) of as many features as the model's input. */
public record LibsvmSourceConfig(String path) implements SourceConfig {

    @Override
    public void validate(String key) {
        SourceConfig.requirePath(key + ".path", path);
    }

    @Override
    public DataSource source(String role, int width) {
        return new LibsvmSource(path, width, true);
    }

    @Override
    public DataSource unlabeled(String input, int width, SourceConfig test) {
        return new LibsvmSource(input, width, false);
    }
}
