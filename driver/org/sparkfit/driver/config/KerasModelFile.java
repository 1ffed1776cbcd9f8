package org.sparkfit.driver.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.modelimport.keras.Hdf5Archive;
import org.deeplearning4j.nn.modelimport.keras.exceptions.UnsupportedKerasConfigurationException;
import org.sparkfit.driver.ConfigException;
import org.sparkfit.driver.keras.Names;
import org.sparkfit.driver.layers.LayerTypes;

/**
 * {@code model: {keras: FILE.h5}}: the Sequential model a Keras notebook saved with {@code model.save()}, read with
 * DL4J's HDF5 archive reader and written into the job as sparkfit layers with the same Keras names and settings,
 * so it is checked, summarised and trained like a model written in YAML. When the job has no {@code compile}, the
 * file's own (loss, metrics, and the optimizer with its settings, {@link KerasOptimizer}) is used. Training starts
 * from the file's weights with {@code weights: true} (loaded by the model package's {@code KerasWeights}), else from
 * the job's seeded initialisation.
 */
public final class KerasModelFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    private KerasModelFile() {
    }

    /** Expands {@code model.keras} of {@code root} into {@code model.input} and {@code model.layers}, in place. */
    static void expand(ObjectNode root) {
        JsonNode model = root.path("model");
        if (!model.path("keras").isTextual() || model.has("layers")) {
            return; // no Keras file, or one already expanded (a run's config.yaml)
        }
        String file = model.path("keras").asText();
        JsonNode config;
        JsonNode training;
        try {
            Path local = localCopy(file);
            if (isZip(local)) {
                Files.deleteIfExists(local);
                throw new ConfigException("model.keras", file + " is a Keras 3 .keras archive; sparkfit reads the "
                        + "HDF5 format: save the model with model.save(\"model.h5\")");
            }
            try (Hdf5Archive archive = new Hdf5Archive(local.toString())) {
                config = JSON.readTree(archive.readAttributeAsJson("model_config"));
                training = archive.hasAttribute("training_config")
                        ? JSON.readTree(archive.readAttributeAsJson("training_config")) : null;
            } finally {
                Files.deleteIfExists(local);
            }
        } catch (ConfigException e) {
            throw e;
        } catch (IOException | UnsupportedKerasConfigurationException | RuntimeException e) {
            throw new ConfigException("model.keras", file + " cannot be read as a Keras model file: "
                    + e.getMessage() + "; save the model with model.save(\"model.h5\")");
        }
        if (!"Sequential".equals(config.path("class_name").asText())) {
            throw new ConfigException("model.keras", file + " holds a " + config.path("class_name").asText()
                    + " model; sparkfit trains Sequential models");
        }
        ObjectNode expanded = (ObjectNode) model;
        ArrayNode layers = expanded.putArray("layers");
        for (JsonNode layer : config.path("config").path("layers")) {
            JsonNode settings = layer.path("config");
            if (!expanded.has("input")) {
                JsonNode shape = settings.has("batch_input_shape") ? settings.get("batch_input_shape")
                        : settings.path("batch_shape");
                if (shape.isArray()) {
                    ArrayNode input = expanded.putArray("input");
                    for (int i = 1; i < shape.size(); i++) {
                        input.add(shape.get(i));
                    }
                }
            }
            if (!"InputLayer".equals(layer.path("class_name").asText())) {
                layers.add(layer(file, layer.path("class_name").asText(), settings));
            }
        }
        if (!root.has("compile") && training != null) {
            root.set("compile", compile(training, file));
        }
    }

    private static ObjectNode layer(String file, String kerasClass, JsonNode settings) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        String type = LayerTypes.ofKerasClass(kerasClass);
        if (type == null) {
            throw new ConfigException("model.keras", file + ": layer '" + settings.path("name").asText() + "' is a "
                    + "Keras " + kerasClass + ", which sparkfit does not build; see docs/CONFIG.md for the layers it "
                    + "does");
        }
        if (settings.has("data_format") && !"channels_last".equals(settings.get("data_format").asText())) {
            throw new ConfigException("model.keras", file + ": layer '" + settings.path("name").asText() + "' is "
                    + "channels_first; sparkfit reads images channels_last, Keras' default");
        }
        out.put("type", type);
        out.put("name", settings.path("name").asText());
        for (String key : LayerTypes.settings(type)) {
            JsonNode value = settings.get(key);
            if (value == null || value.isNull()) {
                continue;
            }
            if (key.endsWith("_initializer")) {
                out.put(key, initializer(value));
            } else if (key.endsWith("_regularizer")) {
                out.set(key, value.path("config"));
            } else {
                out.set(key, value);
            }
        }
        return out;
    }

    /** Keras' initializer object ({@code {class_name: HeUniform}}) or name as sparkfit's name (he_uniform). */
    private static String initializer(JsonNode value) {
        String name = value.isTextual() ? value.asText() : value.path("class_name").asText();
        return switch (name) {
            case "RandomUniform" -> "uniform";
            case "RandomNormal" -> "normal";
            default -> Names.snakeCase(name);
        };
    }

    /** compile() as the file recorded it: loss, metrics and the optimizer with its settings. */
    private static ObjectNode compile(JsonNode training, String file) {
        ObjectNode compile = JsonNodeFactory.instance.objectNode();
        JsonNode loss = training.path("loss");
        compile.put("loss", loss.isTextual() ? loss.asText() : Names.snakeCase(loss.path("class_name").asText()));
        ArrayNode metrics = compile.putArray("metrics");
        // Keras records a metric by name, or (tf.keras 2.x) as a wrapper object whose config holds the name.
        List<JsonNode> names = new java.util.ArrayList<>(training.path("metrics").findValues("name"));
        training.path("metrics").forEach(metric -> {
            if (metric.isTextual()) {
                names.add(metric);
            }
        });
        names.forEach(name -> metrics.add("acc".equals(name.asText()) ? "accuracy" : name.asText()));
        JsonNode optimizer = training.path("optimizer_config");
        if (optimizer.isObject()) {
            compile.set("optimizer", KerasOptimizer.of(optimizer, file));
        }
        return compile;
    }

    /** Whether {@code file} starts with a zip header, as Keras 3's default {@code .keras} format does. */
    private static boolean isZip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
        }
    }

    /** The file on local disk, for the HDF5 library: copied from any Hadoop file system; the caller deletes it. */
    public static Path localCopy(String file) throws IOException {
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(file);
        Path local = Files.createTempFile("sparkfit-keras", ".h5");
        try (InputStream in = path.getFileSystem(new Configuration()).open(path)) {
            Files.copy(in, local, StandardCopyOption.REPLACE_EXISTING);
        }
        return local;
    }
}
