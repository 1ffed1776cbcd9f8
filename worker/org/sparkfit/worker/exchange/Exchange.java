package org.sparkfit.worker.exchange;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;

/**
 * How the workers of a barrier stage combine what they learn, one class per mode: the training loop fits its
 * mini-batches through {@link #fit} and ends each round with {@link #endRound} (after as many mini-batches as
 * {@link ExchangeMode#batchesPerRound} says), and does not know what travels between the workers.
 */
public interface Exchange {

    /** Trains {@code net} on one of this worker's mini-batches. */
    void fit(MultiLayerNetwork net, DataSet batch);

    /**
     * Ends a round in which this worker fitted {@code examples} examples with a summed loss of {@code lossSum}
     * (none, when its part ran out of mini-batches first): afterwards every worker's network holds the same state.
     *
     * @return the round summed over all workers
     */
    RoundTotals endRound(MultiLayerNetwork net, long examples, double lossSum);

    /**
     * A round summed over the workers.
     *
     * @param divergence  null, or what went non-finite ("the loss is NaN", "a weight became Infinity"): the same
     *                    on every worker, so all of them stop at the same round
     * @param stepNanos   the part of ending the round spent training rather than exchanging (the optimizer step
     *                    that follows a gradient allreduce), which the epoch's timing counts as fitting
     * @param waitNanos   the part of ending the round this worker spent waiting for the slowest worker to reach
     *                    the exchange
     */
    record RoundTotals(long examples, double lossSum, String divergence, long stepNanos, long waitNanos) {
    }
}
