package org.sparkfit.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.IUpdater;
import org.sparkfit.driver.config.JobConfig;
import org.sparkfit.driver.keras.Optimizers;
import org.sparkfit.testing.Jobs;

/** Each schedule gives Keras' learning rate at a step, computed here from Keras' documented formula. */
class LearningRateScheduleTest {

    private static IUpdater updater(String optimizer) {
        JobConfig job = Jobs.parse(Jobs.idxClassifier("/data", 12, 3, "/out"), "compile.optimizer=" + optimizer);
        return Optimizers.of(job.compile().optimizer());
    }

    @Test
    void exponentialDecay() {
        IUpdater adam = updater("{name: adam, learning_rate: 0.1, schedule: {type: exponential, decay_steps: 100, "
                + "decay_rate: 0.5}}");
        for (int step : new int[] {0, 1, 50, 100, 250}) {
            assertEquals(0.1 * Math.pow(0.5, step / 100.0), adam.getLearningRate(step, 0), 1e-9, "step " + step);
        }
    }

    @Test
    void stepDecayIsStaircaseExponentialDecay() {
        IUpdater sgd = updater("{name: sgd, learning_rate: 0.1, schedule: {type: step, decay_steps: 100, "
                + "decay_rate: 0.5}}");
        for (int step : new int[] {0, 99, 100, 199, 250}) {
            assertEquals(0.1 * Math.pow(0.5, Math.floor(step / 100.0)), sgd.getLearningRate(step, 0), 1e-9,
                    "step " + step);
        }
    }

    @Test
    void cosineDecayFallsToAlphaAndStays() {
        IUpdater rmsprop = updater("{name: rmsprop, learning_rate: 0.1, schedule: {type: cosine, decay_steps: 100, "
                + "alpha: 0.1}}");
        for (int step : new int[] {0, 25, 50, 100, 400}) {
            double cosine = 0.5 * (1 + Math.cos(Math.PI * Math.min(step, 100) / 100.0));
            assertEquals(0.1 * (0.9 * cosine + 0.1), rmsprop.getLearningRate(step, 0), 1e-9, "step " + step);
        }
        assertEquals(0.01, rmsprop.getLearningRate(400, 0), 1e-12);
    }
}
