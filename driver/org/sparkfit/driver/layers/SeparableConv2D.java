package org.sparkfit.driver.layers;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.sparkfit.driver.ConfigException;
import org.sparkfit.driver.keras.Activations;

/**
 * Keras' SeparableConv2D on channels-last images: a depthwise convolution of {@code kernel_size} over each input
 * channel on its own ({@code depth_multiplier} kernels per channel, 1 by default), then a pointwise 1x1 convolution
 * to {@code filters} channels: far fewer weights than a conv2d of the same window. Runs as DL4J's
 * SeparableConvolution2D, which takes images of 2 or more channels; {@code kernel_initializer} initialises both
 * kernels.
 */
@LayerType(value = "separable_conv2d", keras = "SeparableConv2D")
@JsonIgnoreProperties("type")
public record SeparableConv2D(String name, Integer filters,
                              @JsonProperty("kernel_size")
                              @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                              List<Integer> kernelSize,
                              @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                              List<Integer> strides,
                              String padding,
                              @JsonProperty("depth_multiplier") Integer depthMultiplier,
                              String activation,
                              @JsonProperty("use_bias") Boolean useBias,
                              @JsonProperty("kernel_initializer") String kernelInitializer,
                              @JsonProperty("kernel_regularizer") Regularizer kernelRegularizer)
        implements WeightedLayer {

    public SeparableConv2D {
        strides = strides == null ? List.of(1) : strides;
        padding = padding == null ? "valid" : padding;
        depthMultiplier = depthMultiplier == null ? 1 : depthMultiplier;
        activation = activation == null ? "linear" : activation;
        useBias = useBias == null ? Boolean.TRUE : useBias;
    }

    @Override
    public void validate(String key) {
        Settings.required(key + ".filters", filters, "the number of output channels, e.g. 32");
        Settings.window(key + ".kernel_size", kernelSize, 2);
        Settings.window(key + ".strides", strides, 2);
        Settings.padding(key + ".padding", padding, List.of("valid", "same"));
        Settings.atLeastOne(key + ".depth_multiplier", depthMultiplier);
        Activations.check(key + ".activation", activation);
        validateWeights(key);
    }

    @Override
    public Shape output(String key, Shape in, boolean first) {
        Windows.requireImage(key, "separable_conv2d", in);
        if (in.last() == 1) {
            throw new ConfigException(key, "separable_conv2d gets an image of 1 channel " + in + ", which DL4J "
                    + "1.0.0-M2.1's separable convolution cannot take (and separating one channel saves nothing); use "
                    + "conv2d here");
        }
        int[] hw = Windows.slide(key, "kernel_size", kernelSize, strides, padding, in, 2);
        return new Shape(Shape.Kind.IMAGE, new int[] {hw[0], hw[1], filters});
    }

    /** The depthwise kernels, the pointwise kernel, and the bias. */
    @Override
    public long params(Shape in) {
        long depthwise = Windows.area(kernelSize, 2) * in.last() * depthMultiplier;
        return depthwise + (long) in.last() * depthMultiplier * filters + (useBias ? filters : 0);
    }

    @Override
    public long scratch(Shape in, Shape out) {
        return (long) out.dims()[0] * out.dims()[1] * Windows.area(kernelSize, 2) * in.last() * depthMultiplier;
    }

    @Override
    public Layer dl4j(String name, Shape in) {
        return weights(new SeparableConvolution2D.Builder(Windows.sizes(kernelSize, 2)).stride(Windows.sizes(strides,
                2)).depthMultiplier(depthMultiplier).nOut(filters).convolutionMode(Windows.mode(padding))
                .hasBias(useBias).activation(Activations.of(activation)), "glorot_uniform").name(name).build();
    }
}
