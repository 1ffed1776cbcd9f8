package org.sparkfit.worker;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The executor-wide cache of the {@link PartitionTrainer}s of the runs training here, one per (run, partition), so
 * that a network is built once per run rather than once per epoch's task. Tasks of one partition of one run never
 * run at the same time, so a trainer is used by one thread at a time; runs at once in one JVM (a CrossValidator
 * fitting in parallel, a notebook refitting) each have their own, whatever their networks. A run's trainers go when
 * its driver releases them at its end ({@link #release}), or, should that release not reach this executor, once the
 * run has not trained here for an hour.
 */
public final class LocalTrainers {
    private static final long IDLE_NANOS = TimeUnit.HOURS.toNanos(1);
    private static final Map<Key, Entry> TRAINERS = new ConcurrentHashMap<>();

    private LocalTrainers() {
    }

    /** The trainer of {@code partition} in run {@code run}, built for {@code spec} when the run first asks. */
    public static PartitionTrainer forPartition(TrainingSpec spec, String run, int partition) {
        ExecutorBackend.prepareTask();
        long now = System.nanoTime();
        TRAINERS.values().removeIf(entry -> now - entry.used > IDLE_NANOS);
        Entry entry = TRAINERS.computeIfAbsent(new Key(run, partition),
                key -> new Entry(new PartitionTrainer(spec, partition)));
        entry.used = now;
        return entry.trainer;
    }

    /** Drops run {@code run}'s trainers from this executor. */
    public static void release(String run) {
        TRAINERS.keySet().removeIf(key -> key.run.equals(run));
    }

    private record Key(String run, int partition) {
    }

    private static final class Entry {
        final PartitionTrainer trainer;
        volatile long used;

        Entry(PartitionTrainer trainer) {
            this.trainer = trainer;
        }
    }
}
