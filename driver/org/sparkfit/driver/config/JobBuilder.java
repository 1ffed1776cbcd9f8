package org.sparkfit.driver.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A job written in code, key for key as its YAML file: each method sets the key it is named after (the job file's
 * keys, docs/CONFIG.md), {@link #set} sets any key by its dotted path as {@code --set} does, and {@link #build}
 * binds and checks the whole as the YAML loader does, with the same messages, into the same {@link JobConfig}.
 * {@link #yaml} gives the job's text, which sparkfit's Spark ML Estimator takes.
 *
 * <pre>{@code
 * JobBuilder job = new JobBuilder().name("fashion").input(784)
 *         .layer("dense", Map.of("units", 128, "activation", "relu"))
 *         .layer("dense", Map.of("units", 10, "activation", "softmax"))
 *         .loss("sparse_categorical_crossentropy").optimizer("adam", Map.of("learning_rate", 0.001))
 *         .metrics("accuracy").epochs(5).batchSize(128).workers(2);
 * }</pre>
 */
public final class JobBuilder {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    private final ObjectNode root = JsonNodeFactory.instance.objectNode();

    /** Sets {@code key}, a dotted path such as {@code fit.epochs} or {@code data.train.path}, to {@code value}. */
    public JobBuilder set(String key, Object value) {
        Overrides.set(root, key, JSON.valueToTree(value));
        return this;
    }

    /** {@code name}. */
    public JobBuilder name(String name) {
        return set("name", name);
    }

    /** {@code model.input}: the shape of one example. */
    public JobBuilder input(int... shape) {
        return set("model.input", shape);
    }

    /** Appends a layer to {@code model.layers}: {@code {type: TYPE, ...settings}}. */
    public JobBuilder layer(String type, Map<String, ?> settings) {
        Map<String, Object> layer = new LinkedHashMap<>();
        layer.put("type", type);
        layer.putAll(settings);
        ObjectNode model = root.has("model") ? (ObjectNode) root.get("model") : root.putObject("model");
        ArrayNode layers = model.has("layers") ? (ArrayNode) model.get("layers") : model.putArray("layers");
        layers.add(JSON.valueToTree(layer));
        return this;
    }

    /** {@code compile.loss}. */
    public JobBuilder loss(String loss) {
        return set("compile.loss", loss);
    }

    /** {@code compile.optimizer}: {@code {name: NAME, ...settings}}. */
    public JobBuilder optimizer(String name, Map<String, ?> settings) {
        Map<String, Object> optimizer = new LinkedHashMap<>();
        optimizer.put("name", name);
        optimizer.putAll(settings);
        return set("compile.optimizer", optimizer);
    }

    /** {@code compile.metrics}. */
    public JobBuilder metrics(String... metrics) {
        return set("compile.metrics", metrics);
    }

    /** {@code fit.epochs}. */
    public JobBuilder epochs(int epochs) {
        return set("fit.epochs", epochs);
    }

    /** {@code fit.batch_size}. */
    public JobBuilder batchSize(int batchSize) {
        return set("fit.batch_size", batchSize);
    }

    /** {@code fit.seed}. */
    public JobBuilder seed(long seed) {
        return set("fit.seed", seed);
    }

    /** {@code spark.workers}. */
    public JobBuilder workers(int workers) {
        return set("spark.workers", workers);
    }

    /** {@code spark.averaging_frequency}. */
    public JobBuilder averagingFrequency(int batches) {
        return set("spark.averaging_frequency", batches);
    }

    /** {@code output}: where {@code sparkfit train} writes the run directory. */
    public JobBuilder output(String output) {
        return set("output", output);
    }

    /** The job as YAML, as a job file would hold it. */
    public String yaml() {
        try {
            return YAML.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the job as YAML", e);
        }
    }

    /**
     * The job bound and checked as the YAML loader does.
     *
     * @throws org.sparkfit.driver.ConfigException naming the key of the first mistake
     */
    public JobConfig build() {
        return JobConfigLoader.parse(root.deepCopy(), "the job builder");
    }
}
