package org.sparkfit.driver.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where an epoch's wall time went, for {@code train --profile} and {@code metrics.json}, from the epoch's slowest
 * task in the training stage: {@code fit} (its local mini-batches), {@code wait} (in the exchange while a slower
 * task was still fitting its round), {@code exchange} (the rest of its rounds' exchanges with the other tasks),
 * {@code evaluation} (its part of the held-out set), {@code spark} (the epoch's wall time in the stage beyond that
 * task's work: its report of the epoch before reaching the driver, waiting for the driver's answer to it when the
 * driver was slower than the first round, and for a stage's first epoch scheduling the stage, the rendezvous and
 * fetching the starting state) and {@code other} (the driver taking the epoch before it is recorded, while the
 * tasks train on); {@code fit_all_workers} adds every task's fit time (CPU-seconds of fitting). The epoch's wall
 * time runs from the epoch before's last report (when the tasks went on) to this one's record.
 */
final class EpochTimer {
    private final TrainingStage.Outcome outcome;

    /** The epoch in the stage: its slowest task's parts, every task's fit summed, and its wall time in the stage. */
    EpochTimer(TrainingStage.Outcome outcome) {
        this.outcome = outcome;
    }

    /** The epoch's wall time so far: its time in the stage, and the driver's since its last report arrived. */
    double elapsed() {
        return outcome.stageSeconds() + (System.nanoTime() - outcome.arrivedNanos()) / 1e9;
    }

    Map<String, Double> breakdown(double epochSeconds) {
        double fit = outcome.fitSeconds();
        double wait = outcome.waitSeconds();
        double exchange = outcome.exchangeSeconds();
        double evaluation = outcome.evaluationSeconds();
        double spark = Math.max(0, outcome.stageSeconds() - fit - wait - exchange - evaluation);
        Map<String, Double> parts = new LinkedHashMap<>();
        parts.put("fit", fit);
        parts.put("wait", wait);
        parts.put("exchange", exchange);
        parts.put("evaluation", evaluation);
        parts.put("spark", spark);
        parts.put("other", Math.max(0, epochSeconds - fit - wait - exchange - evaluation - spark));
        parts.put("fit_all_workers", outcome.fitSecondsAllWorkers());
        return parts;
    }
}
