package org.sparkfit.driver.config;

import org.sparkfit.datasets.DataSource;
import org.sparkfit.datasets.IdxSource;

/** IDX files, the MNIST format: {@code images} of examples (any IDX element type) and their {@code labels}. */
public record IdxSourceConfig(String images, String labels) implements SourceConfig {

    @Override
    public void validate(String key) {
        SourceConfig.requirePath(key + ".images", images);
        SourceConfig.requirePath(key + ".labels", labels);
    }

    @Override
    public DataSource source(String role, int width) {
        return new IdxSource(images, labels);
    }

    @Override
    public DataSource unlabeled(String input, int width, SourceConfig test) {
        return new IdxSource(input, null);
    }
}
