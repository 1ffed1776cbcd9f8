package org.sparkfit.driver.model;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.sparkfit.driver.config.LayerConfig;

/** One layer as planned: its Keras name and class, output shape (without the batch axis) and parameter count. */
public record LayerPlan(String name, String kerasClass, int[] outputShape, long params, LayerConfig config) {

    /** Keras' way of writing the output shape: {@code (None, 512)}. */
    public String shapeText() {
        return "(None, " + Arrays.stream(outputShape).mapToObj(Integer::toString).collect(Collectors.joining(", "))
                + ")";
    }
}
