package org.sparkfit.driver.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.sparkfit.worker.LabelStats;
import org.sparkfit.worker.PartStats;
import org.sparkfit.worker.Task;

/**
 * What a model that learnt nothing scores on the held-out set: always the training set's majority class
 * (accuracy), or always the training set's mean label (mae, mse). Shown beside the model's score.
 */
public final class Baseline {
    private Baseline() {
    }

    /**
     * @param test read with its label deviations measured from the training set's mean label
     *             ({@link PartStats.Wanted#labelReference()})
     */
    public static Map<String, Double> of(Task task, PartitionedData train, PartitionedData test) {
        Map<String, Double> baseline = new LinkedHashMap<>();
        if (task.isClassification()) {
            baseline.put("accuracy", test.labels().fraction(train.labels().majorityClass()));
        } else {
            LabelStats testStats = test.labels();
            baseline.put("mae", testStats.meanAbsoluteDeviation());
            baseline.put("mse", testStats.meanSquaredDeviation());
        }
        return baseline;
    }
}
