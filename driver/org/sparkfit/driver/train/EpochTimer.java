package org.sparkfit.driver.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where an epoch's wall time went, for {@code train --profile} and {@code metrics.json}, from the slowest task of
 * the epoch's barrier stage: {@code fit} (its local mini-batches), {@code wait} (in the exchange while a slower
 * task was still fitting its round), {@code exchange} (the rest of its rounds' exchanges with the other tasks),
 * {@code evaluation} (its part of the held-out set), {@code spark} (the stage's wall time beyond that task's work:
 * scheduling, the rendezvous, fetching the starting state, returning results) and {@code other} (the driver between
 * stages: early stopping, waiting for a checkpoint still being written); {@code fit_all_workers} adds every task's
 * fit time (CPU-seconds of fitting).
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

    /** The epoch's stage: its slowest task's parts, every task's fit summed, and the stage's wall time. */
    void stage(BarrierEpoch.Outcome outcome) {
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
