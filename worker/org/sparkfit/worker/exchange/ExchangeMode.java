package org.sparkfit.worker.exchange;

import java.util.Locale;

/**
 * The job key {@code spark.exchange}: which {@link Exchange} the workers of a barrier stage run. A new mode is one
 * new {@link Exchange} class and one constant here.
 */
public enum ExchangeMode {
    /** Each worker fits its own mini-batches; parameters and optimizer state are averaged every few of them. */
    AVERAGING,
    /** Every mini-batch, the workers' gradients are summed and each applies the same optimizer step. */
    ALLREDUCE;

    /** The exchange this mode runs over {@code collective}. */
    public Exchange open(Collective collective) {
        return switch (this) {
            case AVERAGING -> new ParameterAveraging(collective);
            case ALLREDUCE -> new GradientAllreduce(collective);
        };
    }

    /** Each worker's mini-batch when the job's is {@code batchSize}: all of it, or its share of the global batch. */
    public int workerBatch(int batchSize, int workers) {
        return this == ALLREDUCE ? batchSize / workers : batchSize;
    }

    /** Mini-batches each worker fits per round: {@code averagingFrequency}, or one for a gradient allreduce. */
    public int batchesPerRound(int averagingFrequency) {
        return this == ALLREDUCE ? 1 : averagingFrequency;
    }

    /** The name in job files: {@code averaging}, {@code allreduce}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode named {@code key} in a job file, or null. */
    public static ExchangeMode ofKey(String key) {
        for (ExchangeMode mode : values()) {
            if (mode.key().equals(key)) {
                return mode;
            }
        }
        return null;
    }
}
