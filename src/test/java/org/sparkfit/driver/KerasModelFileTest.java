package org.sparkfit.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkfit.driver.config.JobConfig;
import org.sparkfit.driver.jobs.EvaluationRun;
import org.sparkfit.driver.jobs.TrainingRun;
import org.sparkfit.driver.model.ModelSummary;
import org.sparkfit.driver.model.NetworkPlanner;
import org.sparkfit.driver.train.TrainingListener;
import org.sparkfit.driver.train.TrainingOutcome;
import org.sparkfit.testing.Jobs;
import org.sparkfit.testing.SharedSpark;
import org.sparkfit.testing.TestData;

/**
 * {@code model: {keras: FILE.h5}} trains the Sequential model a Keras notebook saved (fixtures written by
 * src/test/resources/keras/make_fixtures.py in tf.keras' layout): same layers, names and compile settings as
 * the file, trained by 2 workers, and the run reloads without the file.
 */
class KerasModelFileTest {
    private static final Path FIXTURES = Path.of("src/test/resources/keras");

    @TempDir
    Path dir;

    private static String job(Path model, String dir, String extra) {
        return """
                data:
                  train: {format: csv, path: %2$s/train.csv, header: true}
                  test: {format: csv, path: %2$s/test.csv, header: true}
                  scale: 255
                model: {keras: %1$s}
                fit: {epochs: 6, batch_size: 32, seed: 3}
                spark: {workers: 2, averaging_frequency: 4}
                output: %2$s/run
                %3$s""".formatted(model, dir, extra);
    }

    @Test
    void theFileIsTheSameNetworkAsItsYaml() {
        JobConfig fromFile = Jobs.parse(job(FIXTURES.resolve("cnn.h5"), "/data", ""));
        JobConfig written = Jobs.parse("""
                data: {train: {format: csv, path: a.csv}, test: {format: csv, path: b.csv}}
                model:
                  input: [6, 6, 1]
                  layers:
                    - {type: conv2d, name: conv, filters: 8, kernel_size: [3, 3], strides: [1, 1], padding: same,
                       activation: relu,
                       kernel_initializer: he_uniform, kernel_regularizer: {l2: 0.0001}}
                    - {type: batch_normalization, name: norm}
                    - {type: max_pooling2d, name: pool, pool_size: [2, 2], strides: [2, 2]}
                    - {type: flatten, name: flatten}
                    - {type: dropout, name: dropout, rate: 0.1}
                    - {type: dense, name: classes, units: 3, activation: softmax, kernel_initializer: glorot_uniform}
                compile: {loss: sparse_categorical_crossentropy, metrics: [accuracy],
                          optimizer: {name: adam, learning_rate: 0.01, beta_1: 0.9, beta_2: 0.999, epsilon: 1.0e-7}}
                """);
        assertEquals(written.model().layers(), fromFile.model().layers());
        assertEquals(written.model().input(), fromFile.model().input());
        assertEquals(written.compile(), fromFile.compile(), "compile() recorded in the file");
        String summary = ModelSummary.format("cnn", NetworkPlanner.plan(fromFile));
        assertTrue(summary.contains(" conv (Conv2D)               (None, 6, 6, 8)           80\n"), summary);
    }

    @Test
    void trainsThroughTheAveragingPathAndReloadsWithoutTheFile() throws Exception {
        TestData.writeCsv(TestData.planted(900, 36, 3, 1), dir.resolve("train.csv"), true);
        TestData.writeCsv(TestData.planted(300, 36, 3, 2), dir.resolve("test.csv"), true);
        Path model = dir.resolve("notebook.h5");
        Files.copy(FIXTURES.resolve("cnn.h5"), model);
        TrainingOutcome outcome = new TrainingRun(SharedSpark.context(), new PrintStream(new ByteArrayOutputStream()),
                new TrainingListener() { }).run(Jobs.parse(job(model, dir.toString(), "")), false);
        assertTrue(outcome.test().get("accuracy") > 0.9, outcome.test().toString());
        Files.delete(model);
        assertEquals(outcome.test().get("accuracy"),
                new EvaluationRun(SharedSpark.context()).run(dir.resolve("run").toString()).get("accuracy"), 1e-12);
        String saved = Files.readString(dir.resolve("run").resolve("config.yaml"));
        assertTrue(saved.contains("keras: " + model) && saved.contains("name: conv"), saved);
    }

    @Test
    void aKerasLayerDl4jLacksIsNamedWithTheNearestOne() {
        ConfigException e = assertThrows(ConfigException.class, () -> Jobs.parse(job(FIXTURES.resolve("gru.h5"), "/d",
                "compile: {loss: binary_crossentropy}")));
        assertEquals("model.layers[1].type: layer type 'gru' is not available: DL4J 1.0.0-M2.1 has no GRU layer; "
                + "use lstm, which takes the same units and return_sequences", e.getMessage());
    }

    @Test
    void aKeras3ArchiveIsNamedAsSuch() throws Exception {
        Path archive = dir.resolve("model.keras");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(archive))) {
            zip.putNextEntry(new ZipEntry("config.json"));
            zip.write("{\"class_name\": \"Sequential\"}".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        ConfigException e = assertThrows(ConfigException.class, () -> Jobs.parse(job(archive, "/d", "")));
        assertEquals("model.keras: " + archive + " is a Keras 3 .keras archive; sparkfit reads the HDF5 format: save "
                + "the model with model.save(\"model.h5\")", e.getMessage());
    }

    @Test
    void aFileThatIsNotHdf5SaysHowToSaveOne() throws Exception {
        Path notHdf5 = Files.writeString(dir.resolve("model.h5"), "{}");
        ConfigException e = assertThrows(ConfigException.class, () -> Jobs.parse(job(notHdf5, "/d", "")));
        assertTrue(e.getMessage().startsWith("model.keras: " + notHdf5 + " cannot be read as a Keras model file: ")
                && e.getMessage().endsWith("; save the model with model.save(\"model.h5\")"), e.getMessage());
    }
}
