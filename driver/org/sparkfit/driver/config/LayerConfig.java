package org.sparkfit.driver.config;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** One layer of the stack, told apart by its Keras {@code type}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = DenseLayerConfig.class, name = "dense"),
    @JsonSubTypes.Type(value = DropoutLayerConfig.class, name = "dropout"),
    @JsonSubTypes.Type(value = FlattenLayerConfig.class, name = "flatten")
})
public sealed interface LayerConfig permits DenseLayerConfig, DropoutLayerConfig, FlattenLayerConfig {

    /** The layer's own name, or null to be named as Keras would (dense, dense_1, ...). */
    String name();
}
