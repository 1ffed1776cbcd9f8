package org.sparkfit.driver.layers;

import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.PoolingType;

/**
 * Keras' GlobalAveragePooling1D ({@code type: global_average_pooling1d}: the mean over time steps) and
 * GlobalAveragePooling2D ({@code global_average_pooling2d}: the mean over image positions).
 */
@LayerType(value = {"global_average_pooling1d", "global_average_pooling2d"},
        keras = {"GlobalAveragePooling1D", "GlobalAveragePooling2D"})
public record GlobalAveragePooling(String type, String name) implements KerasLayer {

    /** Whether this pools a sequence over time (else an image over positions). */
    public boolean overTime() {
        return "global_average_pooling1d".equals(type);
    }

    @Override
    public void validate(String key) {
    }

    @Override
    public Shape output(String key, Shape in, boolean first) {
        boolean overTime = overTime();
        Windows.requireKind(key, type, in, overTime ? Shape.Kind.SEQUENCE : Shape.Kind.IMAGE, overTime
                ? "a sequence [timesteps, features]; for an image use global_average_pooling2d"
                : "an image [height, width, channels]; for a sequence use global_average_pooling1d");
        return Shape.flat(in.last());
    }

    @Override
    public Shape.Kind readsInputAs(int rank) {
        return overTime() && rank == 2 ? Shape.Kind.SEQUENCE : null;
    }

    @Override
    public Layer dl4j(String name, Shape in) {
        return new GlobalPoolingLayer.Builder(PoolingType.AVG).name(name).build();
    }
}
