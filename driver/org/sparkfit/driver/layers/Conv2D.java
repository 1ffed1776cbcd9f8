package org.sparkfit.driver.layers;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.sparkfit.driver.keras.Activations;

/**
 * Keras' Conv2D on channels-last images: {@code filters} kernels of {@code kernel_size} (one number or
 * [height, width]) moved by {@code strides} (1 by default), {@code padding} valid (default) or same.
 */
@LayerType(value = "conv2d", keras = "Conv2D")
@JsonIgnoreProperties("type")
public record Conv2D(String name, Integer filters,
                     @JsonProperty("kernel_size") @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                     List<Integer> kernelSize,
                     @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<Integer> strides,
                     String padding, String activation,
                     @JsonProperty("use_bias") Boolean useBias,
                     @JsonProperty("kernel_initializer") String kernelInitializer,
                     @JsonProperty("kernel_regularizer") Regularizer kernelRegularizer) implements WeightedLayer {

    public Conv2D {
        strides = strides == null ? List.of(1) : strides;
        padding = padding == null ? "valid" : padding;
        activation = activation == null ? "linear" : activation;
        useBias = useBias == null ? Boolean.TRUE : useBias;
    }

    @Override
    public void validate(String key) {
        Settings.required(key + ".filters", filters, "the number of kernels, e.g. 32");
        Settings.window(key + ".kernel_size", kernelSize, 2);
        Settings.window(key + ".strides", strides, 2);
        Settings.padding(key + ".padding", padding, List.of("valid", "same"));
        Activations.check(key + ".activation", activation);
        validateWeights(key);
    }

    @Override
    public Shape output(String key, Shape in, boolean first) {
        Windows.requireImage(key, "conv2d", in);
        int[] hw = Windows.slide(key, "kernel_size", kernelSize, strides, padding, in, 2);
        return new Shape(Shape.Kind.IMAGE, new int[] {hw[0], hw[1], filters});
    }

    @Override
    public long params(Shape in) {
        return Windows.area(kernelSize, 2) * in.last() * filters + (useBias ? filters : 0);
    }

    @Override
    public long scratch(Shape in, Shape out) {
        return (long) out.dims()[0] * out.dims()[1] * Windows.area(kernelSize, 2) * in.last();
    }

    @Override
    public Layer dl4j(String name, Shape in) {
        int[] k = Windows.sizes(kernelSize, 2);
        int[] s = Windows.sizes(strides, 2);
        return weights(new ConvolutionLayer.Builder(k[0], k[1]).stride(s[0], s[1]).nOut(filters)
                .convolutionMode(Windows.mode(padding)).hasBias(useBias).activation(Activations.of(activation)),
                "glorot_uniform").name(name).build();
    }
}
