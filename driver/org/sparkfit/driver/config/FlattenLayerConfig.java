package org.sparkfit.driver.config;

/** Keras' Flatten: reshapes an example to one dimension. */
public record FlattenLayerConfig(String name) implements LayerConfig {
}
