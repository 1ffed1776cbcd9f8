package org.sparkfit.worker.step;

import org.nd4j.linalg.learning.NoOpUpdater;

/**
 * DL4J's {@code NoOpUpdater}, which passes the gradient through as the update (batch normalization's running mean
 * and variance, whose "gradient" is the step to their new value).
 */
final class ChunkedNoOp extends ChunkedUpdater<NoOpUpdater> {
    ChunkedNoOp(NoOpUpdater dl4j) {
        super(dl4j, 0);
    }

    @Override
    void prepare(int iteration, int epoch) {
    }

    @Override
    void update(float[] g, float[][] s, int n) {
    }
}
