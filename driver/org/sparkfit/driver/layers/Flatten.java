package org.sparkfit.driver.layers;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.deeplearning4j.nn.conf.layers.Layer;

/** Keras' Flatten: reshapes an example to one dimension, in Keras' channels-last order; no DL4J layer of its own. */
@LayerType(value = "flatten", keras = "Flatten")
@JsonIgnoreProperties("type")
public record Flatten(String name) implements KerasLayer {

    @Override
    public void validate(String key) {
    }

    @Override
    public Shape output(String key, Shape in, boolean first) {
        return Shape.flat(in.width());
    }

    @Override
    public Layer dl4j(String name, Shape in) {
        return null;
    }
}
