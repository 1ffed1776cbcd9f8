package org.sparkfit.driver.config;

import java.util.List;

/** A Keras Sequential model: the shape of one input example and the stack of layers. */
public record ModelConfig(List<Integer> input, List<LayerConfig> layers) {
}
