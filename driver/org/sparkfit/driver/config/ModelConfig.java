package org.sparkfit.driver.config;

import java.util.List;
import org.sparkfit.driver.layers.KerasLayer;

/**
 * A Keras Sequential model: the shape of one input example and the stack of layers, written in the job or read
 * from a Keras model file ({@code keras}, kept in the resolved job to say where they came from), whose trained
 * weights training starts from when {@code weights} is true (else from the job's seeded initialisation).
 */
public record ModelConfig(List<Integer> input, List<KerasLayer> layers, String keras, Boolean weights) {

    public ModelConfig {
        weights = weights != null && weights;
    }
}
