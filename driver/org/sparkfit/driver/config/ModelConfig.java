package org.sparkfit.driver.config;

import java.util.List;

/**
 * A Keras Sequential model: the shape of one input example and the stack of layers, written in the job or read
 * from a Keras model file ({@code keras}, kept in the resolved job to say where they came from).
 */
public record ModelConfig(List<Integer> input, List<LayerConfig> layers, String keras) {
}
