package org.sparkfit.driver.layers;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.sparkfit.driver.keras.Activations;

/**
 * Keras' Conv1D over a sequence [timesteps, features]: {@code filters} kernels of {@code kernel_size} steps moved by
 * {@code strides} (1 by default), {@code padding} valid (default), same, or causal (padded in front only, so no
 * step sees later ones); gives the sequence [steps, filters]. Runs as DL4J's Convolution1DLayer.
 */
@LayerType(value = "conv1d", keras = "Conv1D")
@JsonIgnoreProperties("type")
public record Conv1D(String name, Integer filters,
                     @JsonProperty("kernel_size") @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                     List<Integer> kernelSize,
                     @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<Integer> strides,
                     String padding, String activation,
                     @JsonProperty("use_bias") Boolean useBias,
                     @JsonProperty("kernel_initializer") String kernelInitializer,
                     @JsonProperty("kernel_regularizer") Regularizer kernelRegularizer) implements WeightedLayer {

    public Conv1D {
        strides = strides == null ? List.of(1) : strides;
        padding = padding == null ? "valid" : padding;
        activation = activation == null ? "linear" : activation;
        useBias = useBias == null ? Boolean.TRUE : useBias;
    }

    @Override
    public void validate(String key) {
        Settings.required(key + ".filters", filters, "the number of kernels, e.g. 32");
        Settings.window(key + ".kernel_size", kernelSize, 1);
        Settings.window(key + ".strides", strides, 1);
        Settings.padding(key + ".padding", padding, List.of("valid", "same", "causal"));
        Activations.check(key + ".activation", activation);
        validateWeights(key);
    }

    @Override
    public Shape output(String key, Shape in, boolean first) {
        Windows.requireKind(key, "conv1d", in, Shape.Kind.SEQUENCE, "a sequence [timesteps, features]: set "
                + "model.input to [timesteps, features], or put an embedding first");
        int steps = Windows.slide(key, "kernel_size", kernelSize, strides, padding, in, 1)[0];
        return new Shape(Shape.Kind.SEQUENCE, new int[] {steps, filters});
    }

    @Override
    public long params(Shape in) {
        return (long) kernelSize.get(0) * in.last() * filters + (useBias ? filters : 0);
    }

    @Override
    public long scratch(Shape in, Shape out) {
        return (long) out.dims()[0] * kernelSize.get(0) * in.last();
    }

    @Override
    public Shape.Kind readsInputAs(int rank) {
        return rank == 2 ? Shape.Kind.SEQUENCE : null;
    }

    @Override
    public Layer dl4j(String name, Shape in) {
        return weights(new Convolution1DLayer.Builder(kernelSize.get(0), strides.get(0)).nOut(filters)
                .convolutionMode(Windows.mode(padding)).hasBias(useBias).activation(Activations.of(activation)),
                "glorot_uniform").name(name).build();
    }
}
