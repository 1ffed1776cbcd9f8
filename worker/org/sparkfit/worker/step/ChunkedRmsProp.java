package org.sparkfit.worker.step;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.RmsPropUpdater;

/** RMSProp as libnd4j's {@code rms_prop_updater}: s = decay s + (1 - decay) g², update = lr g / (√s + ε). */
final class ChunkedRmsProp extends ChunkedUpdater<RmsPropUpdater> {
    private float lr;
    private float decay;
    private float epsilon;

    ChunkedRmsProp(RmsPropUpdater dl4j) {
        super(dl4j, 1);
    }

    @Override
    INDArray[] stateArrays() {
        return new INDArray[] {dl4j.getLastGradient()};
    }

    @Override
    void prepare(int iteration, int epoch) {
        lr = (float) dl4j.getConfig().getLearningRate(iteration, epoch);
        decay = (float) dl4j.getConfig().getRmsDecay();
        epsilon = (float) dl4j.getConfig().getEpsilon();
    }

    @Override
    void update(float[] g, float[][] s, int n) {
        float[] mean = s[0];
        float keep = 1 - decay;
        for (int i = 0; i < n; i++) {
            float gi = g[i];
            float si = mean[i] * decay + gi * gi * keep;
            mean[i] = si;
            g[i] = (lr * gi) / ((float) Math.sqrt(si) + epsilon);
        }
    }
}
