package org.sparkfit.worker.step;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.AdamUpdater;

/**
 * Adam as libnd4j's {@code adam_updater}: m = β1 m + (1 - β1) g, v = β2 v + (1 - β2) g², update = m α_t / (√v + ε)
 * with α_t = lr √(1 - β2^t) / (1 - β1^t).
 */
final class ChunkedAdam extends ChunkedUpdater<AdamUpdater> {
    private float beta1;
    private float beta2;
    private float epsilon;
    private float stepSize;

    ChunkedAdam(AdamUpdater dl4j) {
        super(dl4j, 2);
    }

    @Override
    INDArray[] stateArrays() {
        return new INDArray[] {dl4j.getM(), dl4j.getV()};
    }

    @Override
    void prepare(int iteration, int epoch) {
        beta1 = (float) dl4j.getConfig().getBeta1();
        beta2 = (float) dl4j.getConfig().getBeta2();
        epsilon = (float) dl4j.getConfig().getEpsilon();
        float lr = (float) dl4j.getConfig().getLearningRate(iteration, epoch);
        float beta1t = (float) Math.pow(beta1, iteration + 1f);
        float beta2t = (float) Math.pow(beta2, iteration + 1f);
        stepSize = (float) (lr * (float) Math.sqrt((float) (1.0 - beta2t)) / (1.0 - beta1t));
        if (!Float.isFinite(stepSize) || stepSize == 0) {
            stepSize = epsilon;
        }
    }

    @Override
    void update(float[] g, float[][] s, int n) {
        float[] m = s[0];
        float[] v = s[1];
        float keep1 = 1 - beta1;
        float keep2 = 1 - beta2;
        for (int i = 0; i < n; i++) {
            float gi = g[i];
            float mi = beta1 * m[i] + gi * keep1;
            float vi = beta2 * v[i] + gi * gi * keep2;
            m[i] = mi;
            v[i] = vi;
            g[i] = (mi * stepSize) / ((float) Math.sqrt(vi) + epsilon);
        }
    }
}
