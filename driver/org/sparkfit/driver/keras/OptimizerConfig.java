package org.sparkfit.driver.keras;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An optimizer by Keras name with its settings; unset settings take Keras' defaults. In YAML either a mapping
 * ({@code {name: adam, learning_rate: 0.001}}) or just the name ({@code adam}). {@code schedule} decays the
 * learning rate over optimizer steps; {@code clipnorm} / {@code clipvalue} clip gradients as Keras does.
 */
public record OptimizerConfig(String name, @JsonProperty("learning_rate") Double learningRate, Double momentum,
                              Boolean nesterov, Double rho, @JsonProperty("beta_1") Double beta1,
                              @JsonProperty("beta_2") Double beta2, Double epsilon,
                              @JsonProperty("weight_decay") Double weightDecay, ScheduleConfig schedule,
                              Double clipnorm, Double clipvalue,
                              @JsonProperty("global_clipnorm") Double globalClipnorm) {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static OptimizerConfig named(String name) {
        return new OptimizerConfig(name, null, null, null, null, null, null, null, null, null, null, null, null);
    }
}
