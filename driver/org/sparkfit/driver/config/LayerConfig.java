package org.sparkfit.driver.config;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One layer of the stack, told apart by its Keras {@code type}. Layers that share a record (the poolings, the global
 * poolings, the recurrent layers) also receive the type itself; the others ignore it
 * ({@code @JsonIgnoreProperties("type")}).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type", visible = true)
@JsonSubTypes({
    @JsonSubTypes.Type(value = DenseLayerConfig.class, name = "dense"),
    @JsonSubTypes.Type(value = DropoutLayerConfig.class, name = "dropout"),
    @JsonSubTypes.Type(value = FlattenLayerConfig.class, name = "flatten"),
    @JsonSubTypes.Type(value = Conv2DLayerConfig.class, name = "conv2d"),
    @JsonSubTypes.Type(value = PoolingLayerConfig.class, names = {"max_pooling2d", "average_pooling2d"}),
    @JsonSubTypes.Type(value = GlobalPoolingLayerConfig.class,
            names = {"global_average_pooling1d", "global_average_pooling2d"}),
    @JsonSubTypes.Type(value = BatchNormalizationLayerConfig.class, name = "batch_normalization"),
    @JsonSubTypes.Type(value = EmbeddingLayerConfig.class, name = "embedding"),
    @JsonSubTypes.Type(value = RecurrentLayerConfig.class, names = {"simple_rnn", "lstm"}),
    @JsonSubTypes.Type(value = AttentionLayerConfig.class, name = "multi_head_attention")
})
public sealed interface LayerConfig permits WeightedLayerConfig, DropoutLayerConfig, FlattenLayerConfig,
        PoolingLayerConfig, GlobalPoolingLayerConfig, BatchNormalizationLayerConfig, AttentionLayerConfig {

    /** The layer's own name, or null to be named as Keras would (dense, dense_1, ...). */
    String name();
}
