package org.sparkfit.worker;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Up to {@link #CAPACITY} (true value, prediction) pairs of a regression's first output, kept while scoring so that
 * the run report can plot predicted against true without a second pass over the data. Partitions' samples merge
 * by concatenation up to the capacity.
 */
public final class PredictionSample implements Serializable {
    public static final int CAPACITY = 1000;
    private static final long serialVersionUID = 1L;

    private final float[] truth = new float[CAPACITY];
    private final float[] predicted = new float[CAPACITY];
    private int size;

    public void add(float trueValue, float prediction) {
        if (size < CAPACITY) {
            truth[size] = trueValue;
            predicted[size] = prediction;
            size++;
        }
    }

    /** Adds {@code other}'s pairs while there is room; returns this. */
    public PredictionSample merge(PredictionSample other) {
        for (int i = 0; i < other.size; i++) {
            add(other.truth[i], other.predicted[i]);
        }
        return this;
    }

    public float[] truth() {
        return Arrays.copyOf(truth, size);
    }

    public float[] predicted() {
        return Arrays.copyOf(predicted, size);
    }
}
