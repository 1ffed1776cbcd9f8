package org.sparkfit.worker;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Keras' CosineDecay, which ND4J lacks: the learning rate falls along half a cosine from {@code initial} to
 * {@code alpha * initial} over {@code decaySteps} optimizer steps, then stays there.
 */
public final class CosineDecaySchedule implements ISchedule {
    private static final long serialVersionUID = 1L;

    @JsonProperty("initial")
    private final double initial;
    @JsonProperty("decaySteps")
    private final int decaySteps;
    @JsonProperty("alpha")
    private final double alpha;

    @JsonCreator
    public CosineDecaySchedule(@JsonProperty("initial") double initial, @JsonProperty("decaySteps") int decaySteps,
                               @JsonProperty("alpha") double alpha) {
        this.initial = initial;
        this.decaySteps = decaySteps;
        this.alpha = alpha;
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        double progress = Math.min(iteration, decaySteps) / (double) decaySteps;
        double cosine = 0.5 * (1 + Math.cos(Math.PI * progress));
        return initial * ((1 - alpha) * cosine + alpha);
    }

    @Override
    public ISchedule clone() {
        return new CosineDecaySchedule(initial, decaySteps, alpha);
    }
}
