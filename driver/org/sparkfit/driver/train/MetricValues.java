package org.sparkfit.driver.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sparkfit.worker.Scores;

/** Keras-named values of a {@link Scores}: {@code loss} first, then the job's metrics, optionally prefixed. */
public final class MetricValues {
    private MetricValues() {
    }

    public static Map<String, Double> of(Scores scores, List<String> metrics, String prefix) {
        Map<String, Double> values = new LinkedHashMap<>();
        values.put(prefix + "loss", scores.meanLoss());
        for (String metric : metrics) {
            values.put(prefix + metric, scores.metric(metric));
        }
        return values;
    }

    /** {@code loss: 0.3412 - accuracy: 0.8711}, as Keras prints them. */
    public static String format(Map<String, Double> values) {
        StringBuilder sb = new StringBuilder();
        values.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : " - ").append(k).append(": ")
                .append(String.format(java.util.Locale.ROOT, "%.4f", v)));
        return sb.toString();
    }
}
