package org.sparkfit.driver.layers;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;

/**
 * Keras' MaxPooling2D ({@code type: max_pooling2d}) and AveragePooling2D ({@code average_pooling2d}): windows of
 * {@code pool_size} (2 by default) moved by {@code strides} (the pool size by default), {@code padding} valid or
 * same.
 */
@LayerType(value = {"max_pooling2d", "average_pooling2d"}, keras = {"MaxPooling2D", "AveragePooling2D"})
public record Pooling2D(String type, String name,
                        @JsonProperty("pool_size") @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                        List<Integer> poolSize,
                        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<Integer> strides,
                        String padding) implements KerasLayer {

    public Pooling2D {
        poolSize = poolSize == null ? List.of(2) : poolSize;
        strides = strides == null ? poolSize : strides;
        padding = padding == null ? "valid" : padding;
    }

    /** Whether the window's maximum (else its mean) is kept. */
    public boolean max() {
        return "max_pooling2d".equals(type);
    }

    @Override
    public void validate(String key) {
        Settings.window(key + ".pool_size", poolSize, 2);
        Settings.window(key + ".strides", strides, 2);
        Settings.padding(key + ".padding", padding, List.of("valid", "same"));
    }

    @Override
    public Shape output(String key, Shape in, boolean first) {
        Windows.requireImage(key, type, in);
        int[] hw = Windows.slide(key, "pool_size", poolSize, strides, padding, in, 2);
        return new Shape(Shape.Kind.IMAGE, new int[] {hw[0], hw[1], in.last()});
    }

    @Override
    public Layer dl4j(String name, Shape in) {
        int[] k = Windows.sizes(poolSize, 2);
        int[] s = Windows.sizes(strides, 2);
        return new SubsamplingLayer.Builder(max() ? PoolingType.MAX : PoolingType.AVG).kernelSize(k[0], k[1])
                .stride(s[0], s[1]).convolutionMode(Windows.mode(padding)).avgPoolIncludePadInDivisor(false)
                .name(name).build();
    }
}
