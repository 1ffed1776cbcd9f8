package org.sparkfit.driver.train;

import java.util.Locale;
import java.util.Map;

/** One epoch of history, as Keras' History keeps it: training and validation values and the epoch's time. */
public record EpochRecord(int epoch, int epochs, Map<String, Double> values, double seconds) {

    /** {@code Epoch 3/5 - 5.1s - loss: 0.3412 - accuracy: 0.8711 - val_loss: 0.3650 - val_accuracy: 0.8702}. */
    public String line() {
        return String.format(Locale.ROOT, "Epoch %d/%d - %.1fs - %s", epoch, epochs, seconds,
                MetricValues.format(values));
    }
}
