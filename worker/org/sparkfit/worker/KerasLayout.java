package org.sparkfit.worker;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Moves between Keras' channels-last layout, in which sparkfit stores an example as one flat row ([height, width,
 * channels] or [timesteps, features], last axis fastest), and DL4J's channels-first arrays ([batch, channels,
 * height, width] or [batch, features, timesteps]).
 */
final class KerasLayout {
    private KerasLayout() {
    }

    /** [batch, width] rows holding examples of Keras shape {@code dims} as DL4J's channels-first array (a view). */
    static INDArray toChannelsFirst(INDArray rows, int[] dims) {
        long[] shape = new long[dims.length + 1];
        int[] order = new int[dims.length + 1];
        shape[0] = rows.size(0);
        order[1] = dims.length;
        for (int i = 0; i < dims.length; i++) {
            shape[i + 1] = dims[i];
        }
        for (int i = 1; i < dims.length; i++) {
            order[i + 1] = i;
        }
        return rows.reshape('c', shape).permute(order);
    }

    /** The inverse of {@link #toChannelsFirst}: a channels-first array as Keras-ordered flat rows (a copy). */
    static INDArray toRows(INDArray channelsFirst) {
        int rank = channelsFirst.rank();
        int[] order = new int[rank];
        for (int i = 1; i < rank - 1; i++) {
            order[i] = i + 1;
        }
        order[rank - 1] = 1;
        long batch = channelsFirst.size(0);
        return channelsFirst.permute(order).dup('c').reshape('c', batch, channelsFirst.length() / batch);
    }
}
