package org.sparkfit.driver.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sparkfit.driver.train.EpochRecord;
import org.sparkfit.driver.train.TrainingOutcome;
import org.sparkfit.worker.PredictionSample;

/**
 * {@code metrics.json}: held-out scores, the baseline beside them, the per-epoch history as Keras' History keeps
 * it, the confusion matrix (classification) or a sample of predictions (regression), and the training time.
 */
public final class RunMetrics {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RunMetrics() {
    }

    public static String toJson(String name, TrainingOutcome outcome, Map<String, Object> extra) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("name", name);
        root.put("test", outcome.test());
        root.put("baseline", outcome.baseline());
        List<Map<String, Object>> history = new ArrayList<>();
        for (EpochRecord record : outcome.history()) {
            Map<String, Object> epoch = new LinkedHashMap<>();
            epoch.put("epoch", record.epoch());
            epoch.putAll(record.values());
            epoch.put("seconds", record.seconds());
            if (!record.timing().isEmpty()) {
                epoch.put("timing", record.timing());
            }
            history.add(epoch);
        }
        root.put("history", history);
        long[][] confusion = outcome.testScores().confusionMatrix();
        if (confusion != null) {
            root.put("confusion_matrix", confusion);
        } else {
            PredictionSample sample = outcome.testScores().sample();
            root.put("regression_sample", Map.of("true", sample.truth(), "predicted", sample.predicted()));
        }
        root.put("train_seconds", outcome.trainSeconds());
        root.putAll(extra);
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write metrics", e);
        }
    }
}
