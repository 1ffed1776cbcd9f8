package org.sparkfit.worker.step;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.NesterovsUpdater;

/**
 * SGD with Nesterov momentum as libnd4j's {@code nesterovs_updater}: v' = μ v - lr g, update = μ v - (1 + μ) v'.
 */
final class ChunkedNesterovs extends ChunkedUpdater<NesterovsUpdater> {
    private float lr;
    private float momentum;

    ChunkedNesterovs(NesterovsUpdater dl4j) {
        super(dl4j, 1);
    }

    @Override
    INDArray[] stateArrays() {
        return new INDArray[] {dl4j.getV()};
    }

    @Override
    void prepare(int iteration, int epoch) {
        lr = (float) dl4j.getConfig().getLearningRate(iteration, epoch);
        momentum = (float) dl4j.getConfig().currentMomentum(iteration, epoch);
    }

    @Override
    void update(float[] g, float[][] s, int n) {
        float[] velocity = s[0];
        float factor = -momentum - 1;
        for (int i = 0; i < n; i++) {
            float previous = momentum * velocity[i];
            float vi = previous - lr * g[i];
            velocity[i] = vi;
            g[i] = previous + factor * vi;
        }
    }
}
