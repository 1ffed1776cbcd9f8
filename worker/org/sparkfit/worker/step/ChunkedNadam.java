package org.sparkfit.worker.step;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.NadamUpdater;

/**
 * Nadam as libnd4j's {@code nadam_updater}: m and v as Adam's, update = lr (β1 m + (1 - β1) g) / (1 - β1^t)
 * / (√v + ε).
 */
final class ChunkedNadam extends ChunkedUpdater<NadamUpdater> {
    private float lr;
    private float beta1;
    private float beta2;
    private float epsilon;
    private float correction;

    ChunkedNadam(NadamUpdater dl4j) {
        super(dl4j, 2);
    }

    @Override
    INDArray[] stateArrays() {
        return new INDArray[] {dl4j.getM(), dl4j.getV()};
    }

    @Override
    void prepare(int iteration, int epoch) {
        lr = (float) dl4j.getConfig().getLearningRate(iteration, epoch);
        beta1 = (float) dl4j.getConfig().getBeta1();
        beta2 = (float) dl4j.getConfig().getBeta2();
        epsilon = (float) dl4j.getConfig().getEpsilon();
        correction = (float) (1.0 - (float) Math.pow(beta1, iteration + 1f));
    }

    @Override
    void update(float[] g, float[][] s, int n) {
        float[] m = s[0];
        float[] v = s[1];
        float keep1 = 1 - beta1;
        float keep2 = 1 - beta2;
        for (int i = 0; i < n; i++) {
            float gi = g[i];
            float part = gi * keep1;
            float mi = beta1 * m[i] + part;
            float vi = beta2 * v[i] + gi * gi * keep2;
            m[i] = mi;
            v[i] = vi;
            g[i] = (lr * ((mi * beta1 + part) / correction)) / ((float) Math.sqrt(vi) + epsilon);
        }
    }
}
