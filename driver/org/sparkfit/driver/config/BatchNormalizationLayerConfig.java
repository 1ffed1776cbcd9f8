package org.sparkfit.driver.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Keras' BatchNormalization over the last axis (features, or channels of an image), with Keras' defaults
 * {@code momentum} 0.99 and {@code epsilon} 0.001.
 */
@JsonIgnoreProperties("type")
public record BatchNormalizationLayerConfig(String name, Double momentum, Double epsilon) implements LayerConfig {

    public BatchNormalizationLayerConfig {
        momentum = momentum == null ? 0.99 : momentum;
        epsilon = epsilon == null ? 0.001 : epsilon;
    }
}
