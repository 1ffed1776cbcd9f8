package org.sparkfit.driver.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.modelimport.keras.KerasModelImport;
import org.deeplearning4j.nn.modelimport.keras.exceptions.InvalidKerasConfigurationException;
import org.deeplearning4j.nn.modelimport.keras.exceptions.UnsupportedKerasConfigurationException;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.sparkfit.driver.ConfigException;
import org.sparkfit.driver.config.KerasModelFile;

/**
 * The trained weights of a Keras model file ({@code model: {keras: FILE.h5, weights: true}}), loaded into
 * sparkfit's network of the same layers, so that a model trained in a notebook is fine-tuned or retrained on Spark.
 * DL4J's own Keras import reads the file and lays each layer's weights out as DL4J keeps them (kernels transposed,
 * an LSTM's gates reordered); each of sparkfit's layers then takes the parameters of the imported layer of its
 * name ({@link org.sparkfit.driver.layers.KerasLayer#setImported}).
 */
public final class KerasWeights {
    private KerasWeights() {
    }

    /**
     * Sets {@code net}, built from {@code plan} (a job whose layers came from {@code file}), to the file's weights.
     *
     * @throws ConfigException naming the file and the fix when it holds no weights sparkfit's layers can take
     */
    public static void load(String file, NetworkPlan plan, MultiLayerNetwork net) {
        MultiLayerNetwork imported = importWeights(file);
        for (LayerPlan layer : plan.layers()) {
            if (layer.dl4j() == null || net.getLayer(layer.name()).numParams() == 0) {
                continue;
            }
            Layer source = imported.getLayer(layer.name());
            if (source == null) {
                throw new ConfigException("model.weights", file + " holds no weights for layer '" + layer.name()
                        + "'; save the whole model with model.save(\"model.h5\"), or drop weights");
            }
            try {
                layer.config().setImported(source.paramTable(), net.getLayer(layer.name()).paramTable());
            } catch (IllegalArgumentException e) {
                throw new ConfigException("model.weights", file + ": layer '" + layer.name() + "': "
                        + e.getMessage() + "; the file's weights do not fit its own layers: save it again with "
                        + "model.save(\"model.h5\"), or drop weights");
            }
        }
    }

    private static MultiLayerNetwork importWeights(String file) {
        Path local = null;
        try {
            local = KerasModelFile.localCopy(file);
            return KerasModelImport.importKerasSequentialModelAndWeights(local.toString(), false);
        } catch (IOException | InvalidKerasConfigurationException | UnsupportedKerasConfigurationException
                 | RuntimeException e) {
            throw new ConfigException("model.weights", file + ": its weights cannot be read (" + e.getMessage()
                    + "); save the model with model.save(\"model.h5\") with its weights, or drop weights");
        } finally {
            if (local != null) {
                try {
                    Files.deleteIfExists(local);
                } catch (IOException ignored) {
                    // A temporary file: the JVM's temporary directory is cleaned elsewhere.
                }
            }
        }
    }
}
