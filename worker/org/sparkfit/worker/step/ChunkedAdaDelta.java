package org.sparkfit.worker.step;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.AdaDeltaUpdater;

/**
 * AdaDelta as libnd4j's {@code ada_delta_updater}: msg = ρ msg + (1 - ρ) g², update = g √(msdx + ε) / √(msg + ε),
 * msdx = ρ msdx + (1 - ρ) update².
 */
final class ChunkedAdaDelta extends ChunkedUpdater<AdaDeltaUpdater> {
    private float rho;
    private float epsilon;

    ChunkedAdaDelta(AdaDeltaUpdater dl4j) {
        super(dl4j, 2);
    }

    @Override
    INDArray[] stateArrays() {
        return new INDArray[] {dl4j.getMsg(), dl4j.getMsdx()};
    }

    @Override
    void prepare(int iteration, int epoch) {
        rho = (float) dl4j.getConfig().getRho();
        epsilon = (float) dl4j.getConfig().getEpsilon();
    }

    @Override
    void update(float[] g, float[][] s, int n) {
        float[] msg = s[0];
        float[] msdx = s[1];
        float keep = 1 - rho;
        for (int i = 0; i < n; i++) {
            float gi = g[i];
            float msgi = rho * msg[i] + gi * gi * keep;
            float step = gi * ((float) Math.sqrt(msdx[i] + epsilon) / (float) Math.sqrt(msgi + epsilon));
            msg[i] = msgi;
            msdx[i] = rho * msdx[i] + step * step * keep;
            g[i] = step;
        }
    }
}
