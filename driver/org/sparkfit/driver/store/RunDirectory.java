package org.sparkfit.driver.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
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

    private final String location;
    private final Configuration conf;

    public RunDirectory(String location, Configuration conf) {
        this.location = location;
        this.conf = conf;
    }

    public static void writeModel(MultiLayerNetwork net, StagedOutput out) throws IOException {
        try (OutputStream stream = out.create(MODEL)) {
            ModelSerializer.writeModel(net, stream, true);
        }
    }

    public String readConfig() throws IOException {
        return readText(CONFIG);
    }

    public String readMetrics() throws IOException {
        return readText(METRICS);
    }

    public String location() {
        return location;
    }

    private String readText(String name) throws IOException {
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
        }
    }

    /** The file {@code name} of this run directory, which must exist. */
    private Path existing(String name) throws IOException {
        Path path = new Path(location, name);
        if (!path.getFileSystem(conf).exists(path)) {
            throw new UserInputException(location + ": not a sparkfit run directory (no " + name + "); give the "
                    + "output directory of a finished train");
        }
        return path;
    }
}
