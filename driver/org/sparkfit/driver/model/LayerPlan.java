package org.sparkfit.driver.model;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.sparkfit.driver.layers.KerasLayer;
import org.sparkfit.driver.layers.Shape;

/**
 * One layer as planned: its Keras name and class, the shape it takes and gives (without the batch axis), its
 * parameter count and how many of those are not trained by the optimizer (batch normalization's moving statistics).
 */
public record LayerPlan(String name, String kerasClass, Shape input, Shape output, long params, long nonTrainable,
                        KerasLayer config) {

    /** The DL4J layer it runs as (not the last layer's output layer); null for a reshape between layers. */
    public org.deeplearning4j.nn.conf.layers.Layer dl4j() {
        return config.dl4j(name, input);
    }

    public int[] outputShape() {
        return output.dims();
    }

    /** Keras' way of writing the output shape: {@code (None, 512)}. */
    public String shapeText() {
        return "(None, " + Arrays.stream(output.dims()).mapToObj(Integer::toString)
                .collect(Collectors.joining(", ")) + ")";
    }
}
