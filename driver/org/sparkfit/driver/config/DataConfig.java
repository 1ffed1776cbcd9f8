package org.sparkfit.driver.config;

/** The training set, the held-out set evaluated after each epoch, and the factor features are divided by. */
public record DataConfig(SourceConfig train, SourceConfig test, Double scale) {

    public DataConfig {
        scale = scale == null ? 1.0 : scale;
    }
}
