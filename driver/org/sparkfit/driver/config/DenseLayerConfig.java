package org.sparkfit.driver.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Keras' Dense: {@code units} outputs, an activation (linear by default) and a bias (on by default). */
public record DenseLayerConfig(String name, Integer units, String activation,
                               @JsonProperty("use_bias") Boolean useBias) implements LayerConfig {

    public DenseLayerConfig {
        activation = activation == null ? "linear" : activation;
        useBias = useBias == null ? Boolean.TRUE : useBias;
    }
}
