package org.sparkfit.driver.layers;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.sparkfit.driver.ConfigException;
import org.sparkfit.driver.keras.Activations;

/**
 * Keras' Dense: {@code units} outputs, an activation (linear by default) and a bias (on by default). The last layer
 * of every stack is one: it makes the predictions, and runs as DL4J's output layer with the job's loss.
 */
@LayerType(value = "dense", keras = "Dense")
@JsonIgnoreProperties("type")
public record Dense(String name, Integer units, String activation,
                    @JsonProperty("use_bias") Boolean useBias,
                    @JsonProperty("kernel_initializer") String kernelInitializer,
                    @JsonProperty("kernel_regularizer") Regularizer kernelRegularizer) implements WeightedLayer {

    public Dense {
        activation = activation == null ? "linear" : activation;
        useBias = useBias == null ? Boolean.TRUE : useBias;
    }

    @Override
    public void validate(String key) {
        Settings.required(key + ".units", units, "the number of outputs of this dense layer");
        Activations.check(key + ".activation", activation);
        validateWeights(key);
    }

    @Override
    public Shape output(String key, Shape in, boolean first) {
        if (in.kind() != Shape.Kind.FLAT && in.kind() != Shape.Kind.TOKENS) {
            String fix = in.kind() == Shape.Kind.SEQUENCE ? "set return_sequences: false on the recurrent layer "
                    + "before it, or add {type: global_average_pooling1d} or {type: flatten}"
                    : "add {type: flatten} or {type: global_average_pooling2d} before it";
            throw new ConfigException(key, "dense takes a flat input but gets shape " + in + "; " + fix);
        }
        return Shape.flat(units);
    }

    @Override
    public long params(Shape in) {
        return (long) in.width() * units + (useBias ? units : 0);
    }

    @Override
    public Layer dl4j(String name, Shape in) {
        return finish(new DenseLayer.Builder().nOut(units).hasBias(useBias), name);
    }

    /** The DL4J output layer it runs as when it is the stack's last, scoring its output with {@code loss}. */
    public Layer outputLayer(String name, ILossFunction loss) {
        return finish(new OutputLayer.Builder(loss).nOut(units).hasBias(useBias), name);
    }

    private Layer finish(BaseLayer.Builder<?> builder, String name) {
        return weights(builder.activation(Activations.of(activation)), "glorot_uniform").name(name).build();
    }
}
