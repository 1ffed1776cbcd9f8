package org.sparkfit.driver.layers;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.Subsampling1DLayer;

/**
 * Keras' MaxPooling1D ({@code type: max_pooling1d}) and AveragePooling1D ({@code average_pooling1d}) over a sequence
 * [timesteps, features]: windows of {@code pool_size} steps (2 by default) moved by {@code strides} (the pool size by
 * default), {@code padding} valid or same; each feature pooled on its own. Runs as DL4J's Subsampling1DLayer.
 */
@LayerType(value = {"max_pooling1d", "average_pooling1d"}, keras = {"MaxPooling1D", "AveragePooling1D"})
public record Pooling1D(String type, String name,
                        @JsonProperty("pool_size") @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                        List<Integer> poolSize,
                        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<Integer> strides,
                        String padding) implements KerasLayer {

    public Pooling1D {
        poolSize = poolSize == null ? List.of(2) : poolSize;
        strides = strides == null ? poolSize : strides;
        padding = padding == null ? "valid" : padding;
    }

    /** Whether the window's maximum (else its mean) is kept. */
    public boolean max() {
        return "max_pooling1d".equals(type);
    }

    @Override
    public void validate(String key) {
        Settings.window(key + ".pool_size", poolSize, 1);
        Settings.window(key + ".strides", strides, 1);
        Settings.padding(key + ".padding", padding, List.of("valid", "same"));
    }

    @Override
    public Shape output(String key, Shape in, boolean first) {
        Windows.requireKind(key, type, in, Shape.Kind.SEQUENCE, "a sequence [timesteps, features]; for an image "
                + "use " + type.replace("1d", "2d"));
        int steps = Windows.slide(key, "pool_size", poolSize, strides, padding, in, 1)[0];
        return new Shape(Shape.Kind.SEQUENCE, new int[] {steps, in.last()});
    }

    @Override
    public Shape.Kind readsInputAs(int rank) {
        return rank == 2 ? Shape.Kind.SEQUENCE : null;
    }

    @Override
    public Layer dl4j(String name, Shape in) {
        return new Subsampling1DLayer.Builder(max() ? PoolingType.MAX : PoolingType.AVG, poolSize.get(0))
                .stride(strides.get(0)).convolutionMode(Windows.mode(padding)).avgPoolIncludePadInDivisor(false)
                .name(name).build();
    }
}
