package org.sparkfit.driver.config;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Keras' MaxPooling2D ({@code type: max_pooling2d}) and AveragePooling2D ({@code average_pooling2d}): windows of
 * {@code pool_size} (2 by default) moved by {@code strides} (the pool size by default), {@code padding} valid or
 * same.
 */
public record PoolingLayerConfig(String type, String name,
                                 @JsonProperty("pool_size")
                                 @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                                 List<Integer> poolSize,
                                 @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                                 List<Integer> strides,
                                 String padding) implements LayerConfig {

    public PoolingLayerConfig {
        poolSize = poolSize == null ? List.of(2) : poolSize;
        strides = strides == null ? poolSize : strides;
        padding = padding == null ? "valid" : padding;
    }

    /** Whether the window's maximum (else its mean) is kept. */
    public boolean max() {
        return "max_pooling2d".equals(type);
    }
}
