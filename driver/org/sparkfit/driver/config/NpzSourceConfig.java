package org.sparkfit.driver.config;

import org.sparkfit.datasets.DataSource;
import org.sparkfit.datasets.NpzSource;

/**
 * A Keras-style numeric .npz: the arrays {@code x} of examples and {@code y} of labels (x_train and y_train for the
 * training set, x_test and y_test for the held-out set, by default).
 */
public record NpzSourceConfig(String path, String x, String y) implements SourceConfig {

    @Override
    public void validate(String key) {
        SourceConfig.requirePath(key + ".path", path);
    }

    @Override
    public DataSource source(String role, int width) {
        return new NpzSource(path, x != null ? x : "x_" + role, y != null ? y : "y_" + role);
    }

    @Override
    public DataSource unlabeled(String input, int width, SourceConfig test) {
        return new NpzSource(input, test instanceof NpzSourceConfig npz && npz.x() != null ? npz.x() : "x_test", null);
    }
}
