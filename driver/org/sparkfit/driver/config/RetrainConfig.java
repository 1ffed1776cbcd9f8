package org.sparkfit.driver.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.sparkfit.driver.keras.Metrics;

/**
 * How {@code sparkfit retrain} decides: the held-out {@code metric} to compare (a compile metric or {@code loss};
 * by default the first compile metric), the {@code min_improvement} a new version needs to be promoted, and after
 * how many minutes another retrain's lock counts as stale and is taken over.
 */
public record RetrainConfig(String metric, @JsonProperty("min_improvement") Double minImprovement,
                            @JsonProperty("stale_lock_minutes") Integer staleLockMinutes) {

    public RetrainConfig {
        minImprovement = minImprovement == null ? 0.0 : minImprovement;
        staleLockMinutes = staleLockMinutes == null ? 360 : staleLockMinutes;
    }

    /** The metric to compare, given the job's compile metrics. */
    public String metricFor(java.util.List<String> metrics) {
        return metric != null ? metric : metrics.isEmpty() ? "loss" : metrics.get(0);
    }

    /** Whether a larger value of {@code metric} is better. */
    public static boolean maximize(String metric) {
        return Metrics.higherIsBetter(metric);
    }
}
