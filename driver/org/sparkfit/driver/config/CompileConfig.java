package org.sparkfit.driver.config;

import java.util.List;
import org.sparkfit.driver.keras.OptimizerConfig;

/** Keras' compile(): the loss, the optimizer (RMSProp at 0.001 by default) and the metrics to report. */
public record CompileConfig(String loss, OptimizerConfig optimizer, List<String> metrics) {

    public CompileConfig {
        optimizer = optimizer == null ? OptimizerConfig.named("rmsprop") : optimizer;
        metrics = metrics == null ? List.of() : List.copyOf(metrics);
    }
}
