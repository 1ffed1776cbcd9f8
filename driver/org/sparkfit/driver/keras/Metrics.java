package org.sparkfit.driver.keras;

import java.util.List;
import java.util.stream.Stream;
import org.sparkfit.driver.ConfigException;
import org.sparkfit.worker.Scores;
import org.sparkfit.worker.Task;

/** The Keras metric names sparkfit reports, which task each applies to, and which way each improves. */
public final class Metrics {
    public static final List<String> CLASSIFICATION = List.of("accuracy", "precision", "recall", "f1", "auc",
            "top_k_accuracy");
    public static final List<String> REGRESSION = List.of("mae", "mse", "rmse", "r2");
    public static final List<String> NAMES = Stream.concat(CLASSIFICATION.stream(), REGRESSION.stream()).toList();

    private Metrics() {
    }

    /** Whether a larger value of {@code metric} (or {@code val_metric}, or {@code loss}) is better. */
    public static boolean higherIsBetter(String metric) {
        String name = metric.startsWith("val_") ? metric.substring(4) : metric;
        return CLASSIFICATION.contains(name) || "r2".equals(name);
    }

    /** Checks that each metric can be computed for {@code task}. */
    public static void check(List<String> metrics, Task task) {
        for (int i = 0; i < metrics.size(); i++) {
            String metric = metrics.get(i);
            String key = "compile.metrics[" + i + "]";
            if (CLASSIFICATION.contains(metric) != task.isClassification()) {
                throw new ConfigException(key, metric + " does not apply to a " + (task.isClassification()
                        ? "classification task; use " + String.join(", ", CLASSIFICATION)
                        : "regression task; use " + String.join(", ", REGRESSION)));
            }
            if ("auc".equals(metric) && task.labelClasses() != 2) {
                throw new ConfigException(key, "auc is for a binary task (one sigmoid unit or two softmax "
                        + "units); for " + task.labelClasses() + " classes use f1 or top_k_accuracy");
            }
            if ("top_k_accuracy".equals(metric) && task.labelClasses() <= Scores.TOP_K) {
                throw new ConfigException(key, "top_k_accuracy counts the true class among the " + Scores.TOP_K
                        + " likeliest, which is always so with " + task.labelClasses() + " classes; use accuracy");
            }
        }
    }
}
