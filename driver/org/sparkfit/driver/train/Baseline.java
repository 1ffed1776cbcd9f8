package org.sparkfit.driver.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.sparkfit.worker.LabelStats;
import org.sparkfit.worker.Task;

/**
 * What a model that learnt nothing scores on the held-out set: always the training set's majority class
 * (accuracy), or always the training set's mean label (mae, mse). Shown beside the model's score.
 */
public final class Baseline {
    private Baseline() {
    }

    public static Map<String, Double> of(Task task, PartitionedData train, PartitionedData test) {
        LabelStats trainStats = stats(train, task, 0);
        Map<String, Double> baseline = new LinkedHashMap<>();
        if (task.isClassification()) {
            baseline.put("accuracy", stats(test, task, 0).fraction(trainStats.majorityClass()));
        } else {
            LabelStats testStats = stats(test, task, trainStats.mean());
            baseline.put("mae", testStats.meanAbsoluteDeviation());
            baseline.put("mse", testStats.meanSquaredDeviation());
        }
        return baseline;
    }

    private static LabelStats stats(PartitionedData data, Task task, double reference) {
        return data.rdd().map(part -> part.fold(e -> LabelStats.of(e, task, reference), LabelStats::merge))
                .reduce(LabelStats::merge);
    }
}
