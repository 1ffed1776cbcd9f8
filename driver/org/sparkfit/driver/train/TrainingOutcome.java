package org.sparkfit.driver.train;

import java.util.List;
import java.util.Map;
import org.sparkfit.worker.Scores;

/**
 * What a finished training leaves: the final flat state, the history, the held-out metric values and the scores
 * behind them (with the confusion matrix or the regression sample), and the baseline.
 */
public record TrainingOutcome(float[] state, List<EpochRecord> history, Map<String, Double> test, Scores testScores,
                              Map<String, Double> baseline, double trainSeconds) {
}
