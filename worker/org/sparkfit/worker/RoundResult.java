package org.sparkfit.worker;

import java.io.Serializable;

/**
 * What one or more workers return from a round: their final flat states each multiplied by the examples they
 * trained on, summed, with the training scores of those examples and where the time went. Dividing by the example
 * count gives the example-weighted average state.
 */
public final class RoundResult implements Serializable {
    private static final long serialVersionUID = 1L;

    private final float[] weightedState;
    private final Scores scores;
    private final RoundTimes times;

    public RoundResult(float[] weightedState, Scores scores, RoundTimes times) {
        this.weightedState = weightedState;
        this.scores = scores;
        this.times = times;
    }

    public Scores scores() {
        return scores;
    }

    public RoundTimes times() {
        return times;
    }

    /** Adds {@code other} into this result and returns this. */
    public RoundResult merge(RoundResult other) {
        float[] theirs = other.weightedState;
        for (int i = 0; i < weightedState.length; i++) {
            weightedState[i] += theirs[i];
        }
        scores.merge(other.scores);
        times.merge(other.times);
        return this;
    }

    /** The example-weighted average of the merged workers' states. */
    public float[] averageState() {
        float[] out = new float[weightedState.length];
        double inverse = 1.0 / scores.examples();
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (weightedState[i] * inverse);
        }
        return out;
    }
}
