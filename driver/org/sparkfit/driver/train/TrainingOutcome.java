package org.sparkfit.driver.train;

import java.util.List;
import java.util.Map;

/** What a finished training leaves: the final flat state, the history, held-out scores and the baseline. */
public record TrainingOutcome(float[] state, List<EpochRecord> history, Map<String, Double> test,
                              Map<String, Double> baseline, double trainSeconds) {
}
