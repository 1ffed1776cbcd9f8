package org.sparkfit.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkfit.driver.jobs.PredictionRun;
import org.sparkfit.driver.jobs.TrainingRun;
import org.sparkfit.driver.store.RunDirectory;
import org.sparkfit.driver.train.TrainingListener;
import org.sparkfit.driver.train.TrainingOutcome;
import org.sparkfit.testing.Jobs;
import org.sparkfit.testing.LocalReads;
import org.sparkfit.testing.PredictionFiles;
import org.sparkfit.testing.SharedSpark;
import org.sparkfit.testing.TestData;

/**
 * Text classification through the averaging path: the vocabulary is fitted on the training documents by the
 * executors, saved with the model, and {@code predict} on raw text reproduces the held-out accuracy.
 */
class TextTrainingTest {
    @TempDir
    Path dir;

    @Test
    void multiHotDenseNetworkFromFolderPerClass() throws Exception {
        TestData.writeTextFolders(TestData.plantedTexts(600, 4, 1), dir.resolve("train"), 4);
        TestData.Texts test = TestData.plantedTexts(200, 4, 2);
        TestData.writeTextFolders(test, dir.resolve("test"), 4);
        // A folder-per-class job predicts a text file of one document per line (no header: the job has none).
        TestData.writeTextCsv(test, dir.resolve("input.csv"), false);
        List<String> lines = Files.readAllLines(dir.resolve("input.csv"));
        Files.write(dir.resolve("input.csv"), lines.subList(1, lines.size()));
        TrainingOutcome outcome = train("""
                data:
                  train: {format: text, path: %1$s/train, vectorization: {mode: multi_hot, max_tokens: 300}}
                  test: {format: text, path: %1$s/test, vectorization: {mode: multi_hot, max_tokens: 300}}
                model:
                  input: [300]
                  layers:
                    - {type: dense, units: 16, activation: relu}
                    - {type: dense, units: 16, activation: relu}
                    - {type: dense, units: 4, activation: softmax}
                compile: {loss: sparse_categorical_crossentropy, optimizer: {name: rmsprop, learning_rate: 0.01},
                          metrics: [accuracy, f1]}
                fit: {epochs: 6, batch_size: 32, seed: 3}
                """);
        assertTrue(outcome.test().get("accuracy") > 0.9, outcome.test().toString());
        List<String> vocabulary = Files.readAllLines(dir.resolve("run").resolve(RunDirectory.VOCABULARY));
        assertEquals(220, vocabulary.size(), "all 200 fillers and 4 x 5 topic words: fewer than max_tokens");
        assertPredictionsReproduce(outcome, test, "text");
    }

    @Test
    void embeddingAndLstmOnPaddedSequencesFromCsv() throws Exception {
        TestData.Texts train = TestData.plantedTexts(800, 2, 1);
        TestData.Texts test = TestData.plantedTexts(200, 2, 2);
        TestData.writeTextCsv(train, dir.resolve("train.csv"), true);
        TestData.writeTextCsv(test, dir.resolve("test.csv"), true);
        TestData.writeTextCsv(test, dir.resolve("input.csv"), false);
        TrainingOutcome outcome = train("""
                data:
                  train: {format: text, path: %1$s/train.csv, header: true, text: text, label: label,
                          vectorization: {mode: sequence, max_tokens: 250, sequence_length: 30}}
                  test: {format: text, path: %1$s/test.csv, header: true, text: text, label: label,
                         vectorization: {mode: sequence, max_tokens: 250, sequence_length: 30}}
                model:
                  input: [30]
                  layers:
                    - {type: embedding, input_dim: 250, output_dim: 16}
                    - {type: lstm, units: 16}
                    - {type: dense, units: 1, activation: sigmoid}
                compile: {loss: binary_crossentropy, optimizer: {name: adam, learning_rate: 0.01},
                          metrics: [accuracy, auc]}
                fit: {epochs: 6, batch_size: 32, seed: 3}
                """);
        assertTrue(outcome.test().get("accuracy") > 0.9, outcome.test().toString());
        assertPredictionsReproduce(outcome, test, "text");
    }

    @Test
    void theTrainingTextIsReadOnceForTheVocabularyAndTheExamples() throws Exception {
        // Large enough (1.3 MB) that the small buffers of reading headers and line ends count for little below.
        TestData.writeTextCsv(TestData.plantedTexts(8000, 2, 1), dir.resolve("train.csv"), true);
        TestData.writeTextCsv(TestData.plantedTexts(200, 2, 2), dir.resolve("test.csv"), true);
        long before = LocalReads.bytes();
        TrainingOutcome outcome = train("""
                data:
                  train: {format: text, path: %1$s/train.csv, header: true, text: text, label: label,
                          vectorization: {mode: multi_hot, max_tokens: 300}}
                  test: {format: text, path: %1$s/test.csv, header: true, text: text, label: label,
                         vectorization: {mode: multi_hot, max_tokens: 300}}
                model:
                  input: [300]
                  layers:
                    - {type: dense, units: 1, activation: sigmoid}
                compile: {loss: binary_crossentropy, optimizer: {name: adam, learning_rate: 0.01}, metrics: [accuracy]}
                fit: {epochs: 1, batch_size: 64, seed: 3}
                """);
        long read = LocalReads.bytes() - before;
        long once = Files.size(dir.resolve("train.csv")) + Files.size(dir.resolve("test.csv"));
        // The words are counted and the documents vectorized from one read: a pass to count them apart would read
        // the training file twice.
        assertTrue(read >= once && read < once + Files.size(dir.resolve("train.csv")) / 2, read + " bytes read, "
                + once + " when each file is read once");
        assertTrue(outcome.test().get("accuracy") > 0.9, outcome.test().toString());
    }

    @Test
    void embeddingSmallerThanTheVocabularyIsRejected() {
        ConfigException e = assertThrows(ConfigException.class, () -> Jobs.parse("""
                data:
                  train: {format: text, path: t.csv, vectorization: {mode: sequence, max_tokens: 500, sequence_length: 9}}
                  test: {format: text, path: t.csv, vectorization: {mode: sequence, max_tokens: 500, sequence_length: 9}}
                model: {input: [9], layers: [{type: embedding, input_dim: 100, output_dim: 4}, {type: flatten},
                        {type: dense, units: 1, activation: sigmoid}]}
                compile: {loss: binary_crossentropy}
                """));
        assertEquals("model.layers[0].input_dim: is 100 but the text vectorization gives word indices up to 499; "
                + "set input_dim: 500 (data.train.vectorization.max_tokens)", e.getMessage());
    }

    private TrainingOutcome train(String yaml) throws Exception {
        String job = yaml.formatted(dir) + "spark: {workers: 2, averaging_frequency: 4}\noutput: " + dir.resolve("run")
                + "\n";
        return new TrainingRun(SharedSpark.context(), new PrintStream(new ByteArrayOutputStream()),
                new TrainingListener() { }).run(Jobs.parse(job), false);
    }

    private void assertPredictionsReproduce(TrainingOutcome outcome, TestData.Texts test, String column)
            throws Exception {
        Path out = dir.resolve("predictions.csv");
        new PredictionRun(SharedSpark.context()).run(dir.resolve("run").toString(), dir.resolve("input.csv")
                .toString(), out.toString(), false);
        List<String> lines = PredictionFiles.lines(out);
        assertEquals(test.labels().length + 1, lines.size());
        int correct = 0;
        for (int r = 0; r < test.labels().length; r++) {
            correct += Integer.parseInt(lines.get(r + 1).split(",")[1]) == test.labels()[r] ? 1 : 0;
        }
        assertEquals(outcome.test().get("accuracy"), (double) correct / test.labels().length, 1e-9, column);
    }
}
