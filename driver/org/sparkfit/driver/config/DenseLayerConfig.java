package org.sparkfit.driver.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Keras' Dense: {@code units} outputs, an activation (linear by default) and a bias (on by default). */
@JsonIgnoreProperties("type")
public record DenseLayerConfig(String name, Integer units, String activation,
                               @JsonProperty("use_bias") Boolean useBias,
                               @JsonProperty("kernel_initializer") String kernelInitializer,
                               @JsonProperty("kernel_regularizer") RegularizerConfig kernelRegularizer)
        implements WeightedLayerConfig {

    public DenseLayerConfig {
        activation = activation == null ? "linear" : activation;
        useBias = useBias == null ? Boolean.TRUE : useBias;
    }
}
