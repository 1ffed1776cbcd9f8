package org.sparkfit.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sparkfit.driver.config.JobConfig;
import org.sparkfit.driver.jobs.TrainingRun;
import org.sparkfit.driver.train.TrainingListener;
import org.sparkfit.driver.train.TrainingOutcome;
import org.sparkfit.testing.Jobs;
import org.sparkfit.testing.SharedSpark;
import org.sparkfit.testing.TestData;

/**
 * Every optimizer, with schedules and clipping, trains the planted-rule classifier through the averaging path, and
 * the state the driver averages holds the optimizer's own state (moments, running averages) beside the weights.
 */
class OptimizerTrainingTest {
    /** 12 inputs, 16 hidden, 3 classes: 12*16+16 + 16*3+3. */
    private static final int PARAMS = 259;

    @TempDir
    static Path dir;

    @BeforeAll
    static void writeData() throws Exception {
        TestData.writePlantedIdx(dir, 600, 150);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{name: sgd, learning_rate: 0.1}                                                      | 0",
        "{name: sgd, learning_rate: 0.05, momentum: 0.9, nesterov: true, clipnorm: 1.0}        | 1",
        "{name: rmsprop, learning_rate: 0.01, schedule: {type: exponential, decay_steps: 20, decay_rate: 0.9}} | 1",
        "{name: adam, learning_rate: 0.01, clipvalue: 0.5}                                     | 2",
        "{name: adamw, learning_rate: 0.01, weight_decay: 0.01, schedule: {type: cosine, decay_steps: 100}} | 2",
        "{name: nadam, learning_rate: 0.01, schedule: {type: step, decay_steps: 30, decay_rate: 0.5}} | 2",
        "{name: adagrad, learning_rate: 0.1}                                                   | 1",
        "{name: adadelta}                                                                      | 2"})
    void learnsAndAveragesItsState(String optimizer, int stateArrays) throws Exception {
        JobConfig job = Jobs.parse(Jobs.idxClassifier(dir.toString(), 12, 3, dir.resolve("run").toString()),
                "compile.optimizer=" + optimizer, "fit.epochs=" + (optimizer.contains("adadelta") ? 8 : 4));
        TrainingOutcome outcome = new TrainingRun(SharedSpark.context(), new PrintStream(new ByteArrayOutputStream()),
                new TrainingListener() { }).run(job, true);
        assertTrue(outcome.test().get("accuracy") > 0.85, optimizer + ": " + outcome.test());
        assertEquals(PARAMS * (1 + stateArrays), outcome.state().length, "weights and optimizer state");
    }
}
