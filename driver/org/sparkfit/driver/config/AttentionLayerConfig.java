package org.sparkfit.driver.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Self-attention over a sequence, in Keras' words {@code MultiHeadAttention(num_heads, key_dim)} called with the
 * same sequence as query, key and value; the output keeps the input's shape. Runs as DL4J's SelfAttentionLayer,
 * whose projections have no biases (Keras' have).
 */
@JsonIgnoreProperties("type")
public record AttentionLayerConfig(String name, @JsonProperty("num_heads") Integer numHeads,
                                   @JsonProperty("key_dim") Integer keyDim) implements LayerConfig {
}
