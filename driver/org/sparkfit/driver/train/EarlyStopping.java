package org.sparkfit.driver.train;

import java.util.Map;
import org.sparkfit.driver.config.EarlyStoppingConfig;

/**
 * Keras' EarlyStopping on the driver: after each epoch, compares the monitored value with the best so far and says
 * whether to stop; keeps the best epoch's state when the job restores best weights. Its progress is part of a
 * checkpoint, so a resumed run stops where an uninterrupted one would.
 */
public final class EarlyStopping {
    private final EarlyStoppingConfig config;
    private Progress progress;

    /** Where the watch stands: the best value and epoch so far, epochs waited since, and the best state if kept. */
    public record Progress(double best, int bestEpoch, int waited, float[] bestState) {
    }

    public EarlyStopping(EarlyStoppingConfig config, Progress resumed) {
        this.config = config;
        this.progress = resumed;
    }

    /** Records epoch {@code epoch}'s values; returns true when training should stop after it. */
    public boolean update(int epoch, Map<String, Double> values, float[] state) {
        double value = values.get(config.monitor());
        boolean improved = progress == null || (config.maximize()
                ? value - progress.best() > config.minDelta() : progress.best() - value > config.minDelta());
        if (improved) {
            progress = new Progress(value, epoch, 0, config.restoreBestWeights() ? state : null);
            return false;
        }
        progress = new Progress(progress.best(), progress.bestEpoch(), progress.waited() + 1, progress.bestState());
        return progress.waited() >= config.patience();
    }

    public Progress progress() {
        return progress;
    }

    /** The state to finish with: the best epoch's when restoring best weights, else the last one. */
    public float[] finalState(float[] last) {
        return config.restoreBestWeights() && progress != null && progress.bestState() != null
                ? progress.bestState() : last;
    }
}
