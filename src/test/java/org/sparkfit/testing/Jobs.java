package org.sparkfit.testing;

import java.util.List;
import org.sparkfit.driver.config.JobConfig;
import org.sparkfit.driver.config.JobConfigLoader;

/** Job files for tests, written as a user would write them. */
public final class Jobs {
    private Jobs() {
    }

    public static JobConfig parse(String yaml, String... overrides) {
        return JobConfigLoader.parse(yaml, "test.yaml", List.of(overrides));
    }

    /** A small dense classifier over IDX files in the directory or URI {@code dir} (train/test images and labels). */
    public static String idxClassifier(String dir, int width, int classes, String output) {
        return """
                name: planted
                data:
                  train: {format: idx, images: %1$s/train-images, labels: %1$s/train-labels}
                  test: {format: idx, images: %1$s/test-images, labels: %1$s/test-labels}
                  scale: 255
                model:
                  input: [%2$d]
                  layers:
                    - {type: dense, units: 16, activation: relu}
                    - {type: dense, units: %3$d, activation: softmax}
                compile:
                  loss: categorical_crossentropy
                  optimizer: {name: adam, learning_rate: 0.01}
                  metrics: [accuracy]
                fit: {epochs: 3, batch_size: 16, seed: 7}
                spark: {workers: 2, averaging_frequency: 4}
                output: %4$s
                """.formatted(dir, width, classes, output);
    }
}
