package org.sparkfit.driver.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.sparkfit.worker.RoundTimes;

/**
 * Where an epoch's wall time went, for {@code train --profile} and {@code metrics.json}: {@code fit} (the local
 * mini-batches, summed over rounds of the slowest worker's), {@code tasks} (the slowest task of each round, start to
 * result, summed), {@code spark} (each round's job time beyond its slowest task: scheduling, shipping state and
 * results, tree aggregation), {@code broadcast} (the driver making each round's broadcast), {@code averaging} (the
 * driver dividing and checking the averaged state), {@code evaluation} (the held-out evaluation) and
 * {@code other}; {@code fit_all_workers} adds every worker's fit time (CPU-seconds of fitting).
 */
final class EpochTimer {
    private final long start = System.nanoTime();
    private double fit;
    private double fitAllWorkers;
    private double tasks;
    private double spark;
    private double broadcast;
    private double averaging;
    private double evaluation;

    /** A round's Spark job: its tasks' times, the driver's broadcast, and the job's wall time. */
    void job(RoundTimes times, double broadcastSeconds, double jobSeconds) {
        fit += times.fitSecondsMax();
        fitAllWorkers += times.fitSecondsSum();
        tasks += times.taskSecondsMax();
        spark += Math.max(0, jobSeconds - times.taskSecondsMax());
        broadcast += broadcastSeconds;
    }

    void averaging(double seconds) {
        averaging += seconds;
    }

    void evaluation(double seconds) {
        evaluation += seconds;
    }

    double elapsed() {
        return (System.nanoTime() - start) / 1e9;
    }

    Map<String, Double> breakdown(double epochSeconds) {
        Map<String, Double> parts = new LinkedHashMap<>();
        parts.put("fit", fit);
        parts.put("tasks", tasks);
        parts.put("spark", spark);
        parts.put("broadcast", broadcast);
        parts.put("averaging", averaging);
        parts.put("evaluation", evaluation);
        parts.put("other", Math.max(0, epochSeconds - tasks - spark - broadcast - averaging - evaluation));
        parts.put("fit_all_workers", fitAllWorkers);
        return parts;
    }
}
