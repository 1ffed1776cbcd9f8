package org.sparkfit.driver.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkfit.datasets.Preprocessing;
import org.sparkfit.datasets.Standardization;
import org.sparkfit.datasets.Vocabulary;
import org.sparkfit.driver.UserInputException;

/**
 * The layout of a run directory and its reading back: {@code model.zip} (DL4J's ModelSerializer format with the
 * optimizer state, loadable by plain DL4J), {@code config.yaml} (the resolved job), {@code summary.txt},
 * {@code metrics.json}.
 */
public final class RunDirectory {
    public static final String MODEL = "model.zip";
    public static final String CONFIG = "config.yaml";
    public static final String SUMMARY = "summary.txt";
    public static final String METRICS = "metrics.json";
    public static final String VOCABULARY = "vocabulary.txt";
    /** What --overwrite may replace: a finished run. */
    public static final StagedOutput.Kind KIND = StagedOutput.directoryHolding("a sparkfit run directory", MODEL,
            CONFIG);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String location;
    private final Configuration conf;
    private boolean complete;

    public RunDirectory(String location, Configuration conf) {
        this.location = location;
        this.conf = conf;
    }

    /**
     * Writes the model with its optimizer state and its fitted preprocessing: a text job's vocabulary as
     * {@code vocabulary.txt} (one word per line, most frequent first), a standardization as DL4J's own normalizer
     * entry of the zip.
     */
    public static void writeModel(MultiLayerNetwork net, Preprocessing preprocessing, StagedOutput staged)
            throws IOException {
        Standardization standardization = preprocessing.standardization();
        if (preprocessing.vocabulary() != null) {
            staged.writeString(VOCABULARY, String.join("\n", preprocessing.vocabulary().words()) + "\n");
        }
        if (standardization == null) {
            try (OutputStream stream = staged.create(MODEL)) {
                ModelSerializer.writeModel(net, stream, true);
            }
            return;
        }
        // ModelSerializer's stream writer fails when it adds a normalizer (1.0.0-M2.1 closes its own zip stream
        // twice), so the zip is made in a local file, given its normalizer entry there, then copied.
        java.io.File local = java.io.File.createTempFile("sparkfit-model", ".zip");
        try {
            ModelSerializer.writeModel(net, local, true);
            ModelSerializer.addNormalizerToModel(local, new NormalizerStandardize(Nd4j.create(standardization.mean()),
                    Nd4j.create(standardization.std())));
            try (OutputStream stream = staged.create(MODEL)) {
                java.nio.file.Files.copy(local.toPath(), stream);
            }
        } finally {
            java.nio.file.Files.deleteIfExists(local.toPath());
        }
    }

    /** The vocabulary saved with a text job's model, in {@code mode} for examples of {@code width} values. */
    public Vocabulary readVocabulary(Vocabulary.Mode mode, int width) throws IOException {
        return new Vocabulary(mode, width, readText(VOCABULARY).lines().toList());
    }

    /** The standardization saved with the model, or null when its job did not standardize. */
    public Standardization readStandardization() throws IOException {
        Path path = existing(MODEL);
        NormalizerStandardize normalizer;
        try (InputStream in = path.getFileSystem(conf).open(path)) {
            normalizer = ModelSerializer.restoreNormalizerFromInputStream(in);
        } catch (Exception e) {
            throw damaged(MODEL, e);
        }
        return normalizer == null ? null : new Standardization(normalizer.getMean().toFloatVector(),
                normalizer.getStd().toFloatVector());
    }

    public String readConfig() throws IOException {
        return readText(CONFIG);
    }

    /** {@code metrics.json}, parsed. */
    public JsonNode readMetrics() throws IOException {
        try {
            return JSON.readTree(readText(METRICS));
        } catch (JsonProcessingException e) {
            throw damaged(METRICS, e);
        }
    }

    /** A file of this run that cannot be read as what sparkfit wrote there. */
    private UserInputException damaged(String name, Exception e) {
        String reason = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
        reason = reason == null || reason.isBlank() ? "it is empty or cut short" : reason.lines().findFirst().get();
        return new UserInputException(new Path(location, name) + ": cannot be read (" + reason + "); the run "
                + "directory is damaged: restore it from a copy, or train again", e);
    }

    public String location() {
        return location;
    }

    /** The text of this run's file {@code name}. */
    public String readText(String name) throws IOException {
        Path path = existing(name);
        return StoredText.read(path.getFileSystem(conf), path);
    }

    public String configLocation() {
        return new Path(location, CONFIG).toString();
    }

    public MultiLayerNetwork readModel() throws IOException {
        Path path = existing(MODEL);
        try (InputStream in = path.getFileSystem(conf).open(path)) {
            return ModelSerializer.restoreMultiLayerNetwork(in, true);
        } catch (Exception e) {
            throw damaged(MODEL, e);
        }
    }

    /**
     * Refuses, once, a directory on an object store without the marker its writer writes last
     * ({@link StagedOutput#complete}); elsewhere a run directory appears only whole, and nothing is read to check.
     */
    private void requireComplete(FileSystem fs) throws IOException {
        Path dir = new Path(location);
        if (!complete && StagedOutput.renamesByCopy(fs) && fs.exists(dir) && !StagedOutput.complete(fs, dir)) {
            throw new UserInputException(location + ": an unfinished run directory (no " + StagedOutput.MARKER
                    + ", which sparkfit writes last on an object store): the run writing it stopped midway or is "
                    + "still writing; train it again with --overwrite");
        }
        complete = true;
    }

    /** The file {@code name} of this run directory, which must exist and be complete. */
    private Path existing(String name) throws IOException {
        Path path = new Path(location, name);
        FileSystem fs = path.getFileSystem(conf);
        requireComplete(fs);
        if (!fs.exists(path)) {
            throw new UserInputException(location + ": not a sparkfit run directory (no " + name + "); give the "
                    + "output directory of a finished train");
        }
        return path;
    }
}
