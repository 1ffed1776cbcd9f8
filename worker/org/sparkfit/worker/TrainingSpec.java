package org.sparkfit.worker;

import java.io.Serializable;
import org.sparkfit.worker.exchange.ExchangeMode;

/**
 * Everything an executor needs to train its partition, fixed for the whole job: the network (DL4J configuration
 * JSON), the task, each worker's mini-batch size, how many mini-batches make one round, how the workers exchange
 * what they learn, the seed behind every random choice, so a retried task repeats its work exactly, and whether
 * top-k accuracy is scored.
 */
public record TrainingSpec(String networkJson, Task task, int batchSize, int averagingFrequency,
                           ExchangeMode exchange, long seed, boolean shuffle, boolean topK) implements Serializable {

    /** A fresh score of this job's task; top-k accuracy is counted only when the job reports it (it sorts rows). */
    public Scores newScores() {
        return new Scores(task, topK);
    }

    /** The number of mini-batches one pass over {@code rows} examples takes (the last one may be short). */
    public int batchesFor(int rows) {
        return (rows + batchSize - 1) / batchSize;
    }

    /** Mini-batches each worker fits between two ends of a round of the exchange. */
    public int batchesPerRound() {
        return exchange.batchesPerRound(averagingFrequency);
    }

    /** The number of averaging rounds one epoch takes when the largest partition has {@code maxRows} examples. */
    public int roundsPerEpoch(int maxRows) {
        return (batchesFor(maxRows) + batchesPerRound() - 1) / batchesPerRound();
    }
}
