package org.sparkfit.worker;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * What both reshapes between Keras' channels-last rows and DL4J's channels-first arrays share: the Keras shape of
 * one example ({@code dims}, saved in the network's JSON) and equality by it.
 */
abstract class ChannelsLastReshape implements InputPreProcessor {
    private static final long serialVersionUID = 1L;

    @JsonProperty("dims")
    protected final int[] dims;

    ChannelsLastReshape(int[] dims) {
        this.dims = dims.clone();
    }

    @Override
    public abstract InputPreProcessor clone();

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && Arrays.equals(dims, ((ChannelsLastReshape) o).dims);
    }

    @Override
    public int hashCode() {
        return getClass().hashCode() * 31 + Arrays.hashCode(dims);
    }
}
