package org.sparkfit.driver.layers;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Map;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One layer of a job's Sequential stack, as Keras has it: a record of its settings as the job writes them
 * ({@code {type: dense, units: 10}}, bound on {@code type}), which checks them, gives the shape it turns its input
 * into and its parameter count (for {@code sparkfit summary}), and builds the DL4J layer it runs as. Each is one class
 * of this package annotated {@link LayerType}, found by {@link LayerTypes}: a new layer is one new file, and the
 * planner, validator, summary and Keras import iterate over layers rather than switch on their types.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type", visible = true)
public interface KerasLayer {

    /** The layer's own name, or null to be named as Keras would (dense, dense_1, ...). */
    String name();

    /** Its type as a job writes it, e.g. {@code dense}: also the base of Keras' automatic name. */
    default String type() {
        return LayerTypes.types(getClass()).get(0);
    }

    /** Keras' class name for it, e.g. {@code Dense}, as {@code summary} shows it. */
    default String kerasClass() {
        return LayerTypes.kerasClass(getClass(), type());
    }

    /** Checks its settings alone (given, in range); {@code key} is its place in the job, {@code model.layers[i]}. */
    void validate(String key);

    /**
     * The shape it gives for the shape {@code in} it gets.
     *
     * @param first whether it is the stack's first layer
     * @throws org.sparkfit.driver.ConfigException naming {@code key} and the fix when it does not take {@code in}
     */
    Shape output(String key, Shape in, boolean first);

    /** Its parameter count as Keras counts it, for the input shape {@code in}. */
    default long params(Shape in) {
        return 0;
    }

    /** How many of its parameters the optimizer does not train (batch normalization's moving statistics). */
    default long nonTrainable(Shape in) {
        return 0;
    }

    /**
     * The scratch values one example needs in it besides its output (a convolution's im2col matrix), for the
     * estimate of the executors' memory.
     */
    default long scratch(Shape in, Shape out) {
        return 0;
    }

    /**
     * What it reads a {@code model.input} of {@code rank} dimensions as when it is the stack's first layer; null
     * leaves it to the rank ([features] flat, [height, width] and [height, width, channels] an image).
     */
    default Shape.Kind readsInputAs(int rank) {
        return null;
    }

    /** Whether the stack's first layer is looked for past this one (a dropout, which takes any input as it is). */
    default boolean passesInputOn() {
        return false;
    }

    /** The DL4J layer it runs as, named {@code name}; null for a reshape between layers (flatten). */
    Layer dl4j(String name, Shape in);

    /**
     * Sets its DL4J parameters {@code params} (views into the network's) from a trained Keras layer's weights as
     * DL4J's Keras import laid them out ({@code imported}: kernels in DL4J's order, an LSTM's gates reordered),
     * under the same keys unless the layer says otherwise.
     *
     * @throws IllegalArgumentException naming the parameter that is missing or of another shape
     */
    default void setImported(Map<String, INDArray> imported, Map<String, INDArray> params) {
        params.forEach((key, param) -> {
            INDArray value = imported.get(key);
            if (value == null || !java.util.Arrays.equals(value.shape(), param.shape())) {
                throw new IllegalArgumentException("its " + key + " is " + (value == null ? "missing" : "of shape "
                        + java.util.Arrays.toString(value.shape())) + ", where the model's layer takes "
                        + java.util.Arrays.toString(param.shape()));
            }
            param.assign(value);
        });
    }
}
