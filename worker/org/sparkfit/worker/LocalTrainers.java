package org.sparkfit.worker;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The executor-wide cache of {@link PartitionTrainer}s, one per (network, partition), so that a network is built
 * once per executor rather than once per epoch's task. Tasks of one partition never run at the same time, so a
 * trainer is used by one thread at a time. Only the newest job's trainers are kept.
 */
public final class LocalTrainers {
    private static final Map<Key, PartitionTrainer> TRAINERS = new ConcurrentHashMap<>();

    private LocalTrainers() {
    }

    public static PartitionTrainer forPartition(TrainingSpec spec, int partition) {
        ExecutorBackend.prepareTask();
        Key key = new Key(spec, partition);
        PartitionTrainer trainer = TRAINERS.get(key);
        if (trainer == null) {
            TRAINERS.keySet().removeIf(k -> !k.spec.equals(spec));
            trainer = new PartitionTrainer(spec, partition);
            TRAINERS.put(key, trainer);
        }
        return trainer;
    }

    private record Key(TrainingSpec spec, int partition) {
    }
}
