package org.sparkfit.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkfit.driver.train.PreparedJob;
import org.sparkfit.testing.Jobs;

/**
 * {@code model: {keras: FILE.h5, weights: true}} starts from the file's trained weights: the first forward pass
 * equals Keras' on a few inputs, as the fixture script computed it with numpy from the same weights
 * (src/test/resources/keras/make_fixtures.py: a CNN with batch normalization, and an embedding with an LSTM,
 * whose gate order Keras and DL4J keep differently).
 */
class KerasWeightsTest {
    private static final Path FIXTURES = Path.of("src/test/resources/keras");

    private static MultiLayerNetwork start(String file, String loss) {
        return PreparedJob.plan(Jobs.parse("""
                data: {train: {format: csv, path: a.csv}, test: {format: csv, path: b.csv}}
                model: {keras: %s, weights: true}
                compile: {loss: %s}
                """.formatted(FIXTURES.resolve(file), loss))).initialNetwork();
    }

    /** Checks the network's outputs against the rows of {@code check}: inputs, then Keras' outputs. */
    private static void assertKerasOutputs(MultiLayerNetwork net, String check, int inputs) throws Exception {
        List<String> rows = Files.readAllLines(FIXTURES.resolve(check));
        for (String row : rows) {
            double[] values = Arrays.stream(row.split(",")).mapToDouble(Double::parseDouble).toArray();
            INDArray input = Nd4j.create(Arrays.copyOf(values, inputs), 1, inputs).castTo(
                    org.nd4j.linalg.api.buffer.DataType.FLOAT);
            float[] expected = new float[values.length - inputs];
            for (int j = 0; j < expected.length; j++) {
                expected[j] = (float) values[inputs + j];
            }
            org.junit.jupiter.api.Assertions.assertArrayEquals(expected, net.output(input, false).toFloatVector(),
                    1e-5f, row);
        }
        assertEquals(4, rows.size());
    }

    @Test
    void aCnnWithBatchNormalizationGivesKerasOutputs() throws Exception {
        assertKerasOutputs(start("weights.h5", "sparse_categorical_crossentropy"), "weights_check.csv", 72);
    }

    @Test
    void anEmbeddingAndLstmGiveKerasOutputs() throws Exception {
        assertKerasOutputs(start("lstm_weights.h5", "binary_crossentropy"), "lstm_weights_check.csv", 5);
    }

    @Test
    void withoutWeightsTrainingStartsFromTheSeededInitialisation() {
        MultiLayerNetwork file = start("weights.h5", "sparse_categorical_crossentropy");
        MultiLayerNetwork seeded = PreparedJob.plan(Jobs.parse("""
                data: {train: {format: csv, path: a.csv}, test: {format: csv, path: b.csv}}
                model: {keras: %s}
                compile: {loss: sparse_categorical_crossentropy}
                """.formatted(FIXTURES.resolve("weights.h5")))).initialNetwork();
        assertTrue(file.params().sub(seeded.params()).norm2Number().doubleValue() > 1);
    }

    @Test
    void weightsNeedAKerasFileThatHoldsThem() {
        ConfigException none = assertThrows(ConfigException.class, () -> Jobs.parse("""
                data: {train: {format: csv, path: a.csv}, test: {format: csv, path: b.csv}}
                model: {input: [4], layers: [{type: dense, units: 1}], weights: true}
                compile: {loss: mse}
                """));
        assertEquals("model.weights: loads the weights of a Keras model file; set model.keras to the file, or drop "
                + "weights", none.getMessage());
        ConfigException empty = assertThrows(ConfigException.class, () -> start("cnn.h5",
                "sparse_categorical_crossentropy"));
        assertTrue(empty.getMessage().startsWith("model.weights: " + FIXTURES.resolve("cnn.h5")), empty.getMessage());
        assertTrue(empty.getMessage().endsWith("or drop weights"), empty.getMessage());
    }
}
