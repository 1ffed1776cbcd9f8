package org.sparkfit.driver.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.sparkfit.driver.keras.Metrics;

/**
 * Keras' EarlyStopping: stop when {@code monitor} (a history key such as {@code val_loss}) has not improved by more
 * than {@code min_delta} for {@code patience} epochs, optionally going back to the best epoch's weights.
 * {@code mode} is {@code min}, {@code max} or {@code auto} (max for accuracy-like scores and r2, min otherwise).
 */
public record EarlyStoppingConfig(String monitor, @JsonProperty("min_delta") Double minDelta, Integer patience,
                                  String mode, @JsonProperty("restore_best_weights") Boolean restoreBestWeights) {

    public EarlyStoppingConfig {
        monitor = monitor == null ? "val_loss" : monitor;
        minDelta = minDelta == null ? 0.0 : minDelta;
        patience = patience == null ? 0 : patience;
        mode = mode == null ? "auto" : mode;
        restoreBestWeights = restoreBestWeights == null ? Boolean.FALSE : restoreBestWeights;
    }

    /** Whether larger values of the monitored metric are better. */
    public boolean maximize() {
        return mode.equals("max") || (mode.equals("auto") && Metrics.higherIsBetter(monitor));
    }
}
