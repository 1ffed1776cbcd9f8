package org.sparkfit.driver.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Keras' Dropout: drops each input with probability {@code rate} while training. */
@JsonIgnoreProperties("type")
public record DropoutLayerConfig(String name, Double rate) implements LayerConfig {
}
