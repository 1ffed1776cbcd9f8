package org.sparkfit.testing;

import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.sparkfit.driver.config.JobConfig;
import org.sparkfit.driver.config.JobConfigLoader;
import org.sparkfit.driver.model.NetworkPlanner;

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

    /**
     * The DL4J configuration sparkfit plans for a {@code model:} block (its YAML without the key), a categorical
     * cross-entropy loss, {@code optimizer} (a YAML mapping) and mini-batches of {@code batchSize}.
     */
    public static MultiLayerConfiguration network(String model, String optimizer, int batchSize) {
        String yaml = """
                name: network
                data:
                  train: {format: csv, path: unused.csv, label: 0}
                  validation_split: 0.2
                model:
                %s
                compile:
                  loss: categorical_crossentropy
                  optimizer: %s
                fit: {epochs: 1, batch_size: %d, seed: 7}
                output: unused
                """.formatted(model.indent(2).stripTrailing(), optimizer, batchSize);
        JobConfig job = parse(yaml);
        return NetworkPlanner.plan(job).toConfiguration(job);
    }

    /** The values in one example of a {@code model:} block's {@code input:} shape. */
    public static int inputWidth(String model) {
        String dims = model.substring(model.indexOf('[') + 1, model.indexOf(']'));
        return Arrays.stream(dims.split(",")).mapToInt(d -> Integer.parseInt(d.trim())).reduce(1, (a, b) -> a * b);
    }
}
