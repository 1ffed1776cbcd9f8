package org.sparkfit.driver.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Keras' Embedding: maps each word index of a sequence below {@code input_dim} to a learnt vector of
 * {@code output_dim} values. Keras calls its weights embeddings, so its settings are named so too.
 */
@JsonIgnoreProperties("type")
public record EmbeddingLayerConfig(String name, @JsonProperty("input_dim") Integer inputDim,
                                   @JsonProperty("output_dim") Integer outputDim,
                                   @JsonProperty("embeddings_initializer") String kernelInitializer,
                                   @JsonProperty("embeddings_regularizer") RegularizerConfig kernelRegularizer)
        implements WeightedLayerConfig {
}
