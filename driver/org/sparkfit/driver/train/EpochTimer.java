package org.sparkfit.driver.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where an epoch's wall time went, for {@code train --profile} and {@code metrics.json}, from the epoch's slowest
 * task in the training stage: {@code fit} (its local mini-batches), {@code wait} (in the exchange while a slower
 * task was still fitting its round), {@code exchange} (the rest of its rounds' exchanges with the other tasks),
 * {@code evaluation} (its part of the held-out set), {@code spark} (the epoch's wall time in the stage beyond that
 * task's work: its report reaching the driver and the answer going back, and for a stage's first epoch scheduling
 * the stage, the rendezvous and fetching the starting state) and {@code other} (the driver taking the epoch while
 * the tasks wait for its answer: early stopping, waiting for a checkpoint still being written);
 * {@code fit_all_workers} adds every task's fit time (CPU-seconds of fitting).
 */
final class EpochTimer {
    private final long start;
    private double fit;
    private double wait;
    private double fitAllWorkers;
    private double exchange;
    private double evaluation;
    private double stage;

    /**
     * @param carriedNanos driver time spent for this epoch before it began (waiting for the previous checkpoint),
     *                     counted in its {@code other}
     */
    EpochTimer(long carriedNanos) {
        start = System.nanoTime() - carriedNanos;
    }

    /** The epoch in the stage: its slowest task's parts, every task's fit summed, and its wall time in the stage. */
    void stage(TrainingStage.Outcome outcome) {
        fit = outcome.fitSeconds();
        wait = outcome.waitSeconds();
        exchange = outcome.exchangeSeconds();
        evaluation = outcome.evaluationSeconds();
        fitAllWorkers = outcome.fitSecondsAllWorkers();
        stage = outcome.stageSeconds();
    }

    double elapsed() {
        return (System.nanoTime() - start) / 1e9;
    }

    Map<String, Double> breakdown(double epochSeconds) {
        double spark = Math.max(0, stage - fit - wait - exchange - evaluation);
        Map<String, Double> parts = new LinkedHashMap<>();
        parts.put("fit", fit);
        parts.put("wait", wait);
        parts.put("exchange", exchange);
        parts.put("evaluation", evaluation);
        parts.put("spark", spark);
        parts.put("other", Math.max(0, epochSeconds - fit - wait - exchange - evaluation - spark));
        parts.put("fit_all_workers", fitAllWorkers);
        return parts;
    }
}
