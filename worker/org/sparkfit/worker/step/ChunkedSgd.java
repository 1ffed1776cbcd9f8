package org.sparkfit.worker.step;

import org.nd4j.linalg.learning.SgdUpdater;

/** Plain SGD as DL4J's {@code SgdUpdater}: update = lr g. */
final class ChunkedSgd extends ChunkedUpdater<SgdUpdater> {
    private float lr;

    ChunkedSgd(SgdUpdater dl4j) {
        super(dl4j, 0);
    }

    @Override
    void prepare(int iteration, int epoch) {
        lr = (float) dl4j.getConfig().getLearningRate(iteration, epoch);
    }

    @Override
    void update(float[] g, float[][] s, int n) {
        for (int i = 0; i < n; i++) {
            g[i] *= lr;
        }
    }
}
