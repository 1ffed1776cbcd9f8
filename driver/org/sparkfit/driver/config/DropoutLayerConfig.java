package org.sparkfit.driver.config;

/** Keras' Dropout: drops each input with probability {@code rate} while training. */
public record DropoutLayerConfig(String name, Double rate) implements LayerConfig {
}
