package org.sparkfit.driver.keras;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A learning-rate schedule over optimizer steps, after Keras' schedules: {@code exponential}
 * (ExponentialDecay: {@code lr * decay_rate ^ (step / decay_steps)}), {@code step} (the same with
 * {@code staircase=True}: the rate drops by {@code decay_rate} every {@code decay_steps}) and {@code cosine}
 * (CosineDecay to {@code alpha * lr} over {@code decay_steps}).
 */
public record ScheduleConfig(String type, @JsonProperty("decay_steps") Integer decaySteps,
                             @JsonProperty("decay_rate") Double decayRate, Double alpha) {

    public ScheduleConfig {
        alpha = alpha == null ? 0.0 : alpha;
    }
}
