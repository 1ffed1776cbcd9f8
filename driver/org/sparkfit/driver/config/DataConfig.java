package org.sparkfit.driver.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The training set; the held-out set evaluated after each epoch, or instead a {@code validation_split}: the seeded
 * fraction of the training set held out for it; the factor features are divided by; and whether features are then
 * standardized with the training set's mean and standard deviation (fitted on the training set only, saved in the
 * model and applied to everything the model later evaluates or predicts).
 */
public record DataConfig(SourceConfig train, SourceConfig test,
                         @JsonProperty("validation_split") Double validationSplit, Double scale,
                         Boolean standardize) {

    public DataConfig {
        scale = scale == null ? 1.0 : scale;
        standardize = standardize != null && standardize;
    }
}
