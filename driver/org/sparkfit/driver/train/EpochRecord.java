package org.sparkfit.driver.train;

import java.util.Locale;
import java.util.Map;

/**
 * One epoch of history, as Keras' History keeps it: training and validation values and the epoch's time, with
 * where that time went ({@code timing}, seconds: see {@link EpochTimer}).
 */
public record EpochRecord(int epoch, int epochs, Map<String, Double> values, double seconds,
                          Map<String, Double> timing) {

    public EpochRecord(int epoch, int epochs, Map<String, Double> values, double seconds) {
        this(epoch, epochs, values, seconds, Map.of());
    }

    /** {@code Epoch 3/5 - 5.1s - loss: 0.3412 - accuracy: 0.8711 - val_loss: 0.3650 - val_accuracy: 0.8702}. */
    public String line() {
        return String.format(Locale.ROOT, "Epoch %d/%d - %.1fs - %s", epoch, epochs, seconds,
                MetricValues.format(values));
    }

    /** {@code   time: fit 2.91s - tasks 3.05s - spark 1.12s - ...}: the epoch's breakdown, for --profile. */
    public String timingLine() {
        StringBuilder line = new StringBuilder("  time:");
        timing.forEach((part, secs) -> line.append(String.format(Locale.ROOT, " %s %.2fs -", part, secs)));
        return line.substring(0, line.length() - 2);
    }
}
