package org.sparkfit.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sparkfit.driver.config.JobBuilder;
import org.sparkfit.driver.config.JobConfig;
import org.sparkfit.driver.config.JobConfigLoader;

/** A job written in code is the job its YAML file states, checked with the same messages. */
class JobBuilderTest {
    private static final String YAML = """
            name: fashion
            data:
              train: {format: idx, images: train-images, labels: train-labels}
              test: {format: idx, images: test-images, labels: test-labels}
              scale: 255
            model:
              input: [28, 28]
              layers:
                - {type: flatten}
                - {type: dense, units: 128, activation: relu}
                - {type: dropout, rate: 0.2}
                - {type: dense, units: 10, activation: softmax}
            compile:
              loss: sparse_categorical_crossentropy
              optimizer: {name: sgd, learning_rate: 0.05, momentum: 0.9, nesterov: true}
              metrics: [accuracy]
            fit: {epochs: 4, batch_size: 64, seed: 3}
            spark: {workers: 2, averaging_frequency: 8}
            output: runs/fashion
            """;

    private static JobBuilder builder() {
        return new JobBuilder().name("fashion")
                .set("data.train", Map.of("format", "idx", "images", "train-images", "labels", "train-labels"))
                .set("data.test", Map.of("format", "idx", "images", "test-images", "labels", "test-labels"))
                .set("data.scale", 255).input(28, 28).layer("flatten", Map.of())
                .layer("dense", Map.of("units", 128, "activation", "relu")).layer("dropout", Map.of("rate", 0.2))
                .layer("dense", Map.of("units", 10, "activation", "softmax"))
                .loss("sparse_categorical_crossentropy")
                .optimizer("sgd", Map.of("learning_rate", 0.05, "momentum", 0.9, "nesterov", true))
                .metrics("accuracy").epochs(4).batchSize(64).seed(3).workers(2).averagingFrequency(8)
                .output("runs/fashion");
    }

    @Test
    void theBuilderAndTheYamlMakeTheSameJob() {
        JobConfig fromYaml = JobConfigLoader.parse(YAML, "fashion.yaml", List.of());
        assertEquals(fromYaml, builder().build());
        assertEquals(fromYaml, JobConfigLoader.parse(builder().yaml(), "builder.yaml", List.of()));
    }

    @Test
    void aMistakeInCodeIsReportedAsInTheFile() {
        String inFile = assertThrows(ConfigException.class, () -> JobConfigLoader.parse(YAML.replace("nesterov: true",
                "nesterov: true, rho: 0.9"), "fashion.yaml", List.of())).getMessage();
        String inCode = assertThrows(ConfigException.class, () -> builder().optimizer("sgd", Map.of(
                "learning_rate", 0.05, "momentum", 0.9, "nesterov", true, "rho", 0.9)).build()).getMessage();
        assertEquals(inFile, inCode);
        assertEquals("fit.epochs: must be at least 1, got 0", assertThrows(ConfigException.class,
                () -> builder().epochs(0).build()).getMessage());
        assertEquals(assertThrows(ConfigException.class, () -> JobConfigLoader.parse(YAML.replace("batch_size",
                "batchsize"), "fashion.yaml", List.of())).getMessage(), assertThrows(ConfigException.class,
                () -> builder().set("fit.batchsize", 64).build()).getMessage());
    }
}
