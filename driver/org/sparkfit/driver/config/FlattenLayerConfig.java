package org.sparkfit.driver.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Keras' Flatten: reshapes an example to one dimension. */
@JsonIgnoreProperties("type")
public record FlattenLayerConfig(String name) implements LayerConfig {
}
