package org.sparkfit.worker.step;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.AdaGradUpdater;

/** AdaGrad as libnd4j's {@code ada_grad_updater}: h = h + g², update = lr g / (√h + ε). */
final class ChunkedAdaGrad extends ChunkedUpdater<AdaGradUpdater> {
    private float lr;
    private float epsilon;

    ChunkedAdaGrad(AdaGradUpdater dl4j) {
        super(dl4j, 1);
    }

    @Override
    INDArray[] stateArrays() {
        return new INDArray[] {dl4j.getHistoricalGradient()};
    }

    @Override
    void prepare(int iteration, int epoch) {
        lr = (float) dl4j.getConfig().getLearningRate(iteration, epoch);
        epsilon = (float) dl4j.getConfig().getEpsilon();
    }

    @Override
    void update(float[] g, float[][] s, int n) {
        float[] history = s[0];
        for (int i = 0; i < n; i++) {
            float gi = g[i];
            float hi = history[i] + gi * gi;
            history[i] = hi;
            g[i] = (lr * gi) / ((float) Math.sqrt(hi) + epsilon);
        }
    }
}
