package org.sparkfit.driver.config;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Keras' Conv2D on channels-last images: {@code filters} kernels of {@code kernel_size} (one number or
 * [height, width]) moved by {@code strides} (1 by default), {@code padding} valid (default) or same.
 */
@JsonIgnoreProperties("type")
public record Conv2DLayerConfig(String name, Integer filters,
                                @JsonProperty("kernel_size")
                                @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                                List<Integer> kernelSize,
                                @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                                List<Integer> strides,
                                String padding, String activation,
                                @JsonProperty("use_bias") Boolean useBias,
                                @JsonProperty("kernel_initializer") String kernelInitializer,
                                @JsonProperty("kernel_regularizer") RegularizerConfig kernelRegularizer)
        implements WeightedLayerConfig {

    public Conv2DLayerConfig {
        strides = strides == null ? List.of(1) : strides;
        padding = padding == null ? "valid" : padding;
        activation = activation == null ? "linear" : activation;
        useBias = useBias == null ? Boolean.TRUE : useBias;
    }
}
