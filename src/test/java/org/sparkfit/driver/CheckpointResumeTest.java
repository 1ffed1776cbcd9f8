package org.sparkfit.driver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.status.api.v1.JobData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkfit.driver.config.JobConfig;
import org.sparkfit.driver.jobs.TrainingRun;
import org.sparkfit.driver.store.CheckpointStore;
import org.sparkfit.driver.train.Checkpoint;
import org.sparkfit.driver.train.EpochRecord;
import org.sparkfit.driver.train.PreparedJob;
import org.sparkfit.driver.train.TrainingListener;
import org.sparkfit.driver.train.TrainingOutcome;
import org.sparkfit.testing.InjectedFaults;
import org.sparkfit.testing.Jobs;
import org.sparkfit.testing.SharedSpark;
import org.sparkfit.testing.TestData;

/**
 * Checkpoints after every epoch, {@code --resume} from the newest one, and early stopping, on the shared local[2]
 * context. The network has dropout, so resuming must also reproduce the workers' randomness.
 */
class CheckpointResumeTest {
    @TempDir
    Path dir;

    @BeforeEach
    void writeData() throws Exception {
        TestData.writePlantedIdx(dir, 600, 150);
    }

    private JobConfig job(String output, String... overrides) {
        List<String> all = new java.util.ArrayList<>(List.of("fit.epochs=4", "model.layers=[{type: dense, units: 16, "
                + "activation: relu}, {type: dropout, rate: 0.3}, {type: dense, units: 3, activation: softmax}]"));
        all.addAll(List.of(overrides));
        return Jobs.parse(Jobs.idxClassifier(dir.toString(), 12, 3, dir.resolve(output).toString()),
                all.toArray(String[]::new));
    }

    private static TrainingOutcome train(JobConfig config, boolean overwrite, boolean resume,
                                         TrainingListener listener) throws Exception {
        return new TrainingRun(SharedSpark.context(), new PrintStream(new ByteArrayOutputStream()), listener)
                .run(config, overwrite, resume);
    }

    /** A driver that dies when epoch {@code epoch} is about to start (its predecessor's checkpoint is written). */
    private static TrainingListener dyingAt(int epoch) {
        return new TrainingListener() {
            @Override
            public void epochStarted(int started, int epochs, int rounds) {
                if (started == epoch) {
                    throw new IllegalStateException("driver killed before epoch " + epoch);
                }
            }
        };
    }

    private static List<String> names(Path path) throws Exception {
        try (Stream<Path> files = Files.list(path)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aRunResumedAfterAnInterruptionEndsWithTheUninterruptedParameters() throws Exception {
        TrainingOutcome whole = train(job("whole"), false, false, new TrainingListener() { });

        JobConfig config = job("resumed");
        assertThrows(IllegalStateException.class, () -> train(config, false, false, dyingAt(3)));
        assertFalse(Files.exists(dir.resolve("resumed")), "no run directory before the run completes");
        assertEquals(List.of("epoch-0001", "epoch-0002"), names(dir.resolve(".resumed.checkpoints")));

        TrainingOutcome resumed = train(config, false, true, new TrainingListener() { });
        assertEquals(whole.state().length, resumed.state().length);
        for (int i = 0; i < whole.state().length; i++) {
            assertEquals(whole.state()[i], resumed.state()[i], 1e-6, "parameter " + i);
        }
        assertEquals(whole.test(), resumed.test());
        assertEquals(4, resumed.history().size());
        assertEquals(whole.history().get(1).values(), resumed.history().get(1).values());
        assertEquals(whole.history().get(3).values(), resumed.history().get(3).values());

        // The finished run holds its newest checkpoints (keep: 2); nothing is left beside it.
        assertEquals(List.of("epoch-0003", "epoch-0004"), names(dir.resolve("resumed/checkpoints")));
        assertFalse(Files.exists(dir.resolve(".resumed.checkpoints")));
    }

    @Test
    void aTaskKilledMidRunIsRetriedFromTheLastEpochTakenAndChangesNothing() throws Exception {
        TrainingOutcome clean = train(job("clean", "name=clean"), false, false, new TrainingListener() { });
        TrainingOutcome faulted;
        // Spark kills partition 1's task in epoch 2 (5 rounds an epoch), while partition 0's task goes on.
        try (AutoCloseable fault = InjectedFaults.failFirstAttempt(7, 1)) {
            faulted = train(job("faulted", "name=faulted"), false, false, new TrainingListener() { });
        }
        assertArrayEquals(clean.state(), faulted.state());
        assertEquals(clean.test(), faulted.test());
        assertEquals(clean.history().size(), faulted.history().size());
        for (int epoch = 0; epoch < clean.history().size(); epoch++) {
            assertEquals(clean.history().get(epoch).values(), faulted.history().get(epoch).values());
        }
        // The fault did fire: Spark's status store counts the killed task in the run's stage (and its peer, failed on
        // losing it or killed with the stage, whichever Spark hears of first), after which the driver ran a stage
        // again from the epoch after the last one it had taken (the kill lands in epoch 2 or 3).
        assertTrue(endedTasks("sparkfit faulted epochs 1-4/4 (5 rounds each, and evaluation)") >= 1);
        int retried = jobs("sparkfit faulted epochs 2-4/4 (5 rounds each, and evaluation)")
                + jobs("sparkfit faulted epochs 3-4/4 (5 rounds each, and evaluation)");
        assertEquals(1, retried, "one stage from epoch 2 or 3");
    }

    /** The jobs with this description, once Spark's status store has them. */
    private static int jobs(String description) throws InterruptedException {
        return waitFor(description, List::size);
    }

    /** The failed and killed tasks of the jobs with this description, once Spark's status store has them. */
    private static int endedTasks(String description) throws InterruptedException {
        return waitFor(description, jobs -> jobs.stream().mapToInt(j -> j.numFailedTasks() + j.numKilledTasks())
                .sum());
    }

    /** {@code measure} of the jobs with this description, polled for up to two seconds until it is not 0. */
    private static int waitFor(String description, ToIntFunction<List<JobData>> measure)
            throws InterruptedException {
        int value = 0;
        for (int wait = 0; wait < 20 && value == 0; wait++) {
            Thread.sleep(100);
            value = measure.applyAsInt(scala.collection.JavaConverters.seqAsJavaList(SharedSpark.context().sc()
                    .statusStore().jobsList(null)).stream()
                    .filter(j -> j.description().getOrElse(() -> "").equals(description)).toList());
        }
        return value;
    }

    @Test
    void resumingIsRefusedWhereItCannotContinue() throws Exception {
        UserInputException none = assertThrows(UserInputException.class, () -> train(job("nothing"), false, true,
                new TrainingListener() { }));
        assertTrue(none.getMessage().startsWith("no checkpoint to resume " + dir.resolve("nothing") + " from in "),
                none.getMessage());

        JobConfig config = job("cut");
        assertThrows(IllegalStateException.class, () -> train(config, false, false, dyingAt(2)));
        UserInputException again = assertThrows(UserInputException.class, () -> train(config, false, false,
                new TrainingListener() { }));
        assertTrue(again.getMessage().endsWith(": an unfinished run left checkpoints in file:" + dir.resolve(
                ".cut.checkpoints") + "; pass --resume to continue it, or --overwrite to start again"),
                again.getMessage());
        UserInputException other = assertThrows(UserInputException.class, () -> train(job("cut",
                "compile.optimizer={name: sgd, learning_rate: 0.1}"), false, true, new TrainingListener() { }));
        assertTrue(other.getMessage().contains("this checkpoint was written for another model or optimizer"),
                other.getMessage());

        train(config, false, true, new TrainingListener() { });
        UserInputException finished = assertThrows(UserInputException.class, () -> train(config, false, true,
                new TrainingListener() { }));
        assertEquals(dir.resolve("cut") + " is a finished run: there is nothing to resume; pass --overwrite without "
                + "--resume to train it again", finished.getMessage());
    }

    @Test
    void overwriteKeepsAnUnfinishedRunsCheckpointsWhenTheDataTurnsOutBad() throws Exception {
        JobConfig config = job("kept");
        assertThrows(IllegalStateException.class, () -> train(config, false, false, dyingAt(2)));
        int[] labels = new int[600];
        labels[599] = 7;
        TestData.writeLabels(labels, dir.resolve("bad-labels"), false);
        RuntimeException bad = assertThrows(RuntimeException.class, () -> train(job("kept",
                "data.train.labels=" + dir.resolve("bad-labels")), true, false, new TrainingListener() { }));
        assertTrue(bad.getMessage().contains("label 7"), bad.getMessage());
        assertEquals(List.of("epoch-0001"), names(dir.resolve(".kept.checkpoints")), "nothing deleted before the "
                + "data was read and found good");
        train(config, true, false, new TrainingListener() { });
        assertEquals(List.of("epoch-0003", "epoch-0004"), names(dir.resolve("kept/checkpoints")));
    }

    @Test
    void earlyStoppingStopsAfterPatienceAndRestoresTheBestWeights() throws Exception {
        // No epoch improves val_loss by 10, so epoch 1 stays the best and patience 2 ends the run after epoch 3.
        JobConfig config = job("stopped", "fit.early_stopping={monitor: val_loss, min_delta: 10, patience: 2, "
                + "restore_best_weights: true}", "fit.checkpoint.keep=5");
        TrainingOutcome outcome = train(config, false, false, new TrainingListener() { });
        assertEquals(3, outcome.history().size());

        Checkpoint first = new CheckpointStore(dir.resolve("stopped/checkpoints").toString(), new Configuration(), 5)
                .newest(PreparedJob.plan(config).spec().networkJson()).orElseThrow();
        assertEquals(3, first.epochsDone());
        assertEquals(1, first.stopping().bestEpoch());
        assertArrayEquals(first.stopping().bestState(), outcome.state());
        assertEquals(outcome.history().get(0).values().get("val_loss"), outcome.test().get("loss"), 1e-9);
        assertEquals(List.of("epoch-0001", "epoch-0002", "epoch-0003"), names(dir.resolve("stopped/checkpoints")));
    }

    @Test
    void earlyStoppingOnAccuracyWaitsForNoImprovement() throws Exception {
        TrainingOutcome outcome = train(job("patient", "fit.epochs=3", "fit.early_stopping={monitor: "
                + "val_accuracy, patience: 5}"), false, false, new TrainingListener() { });
        assertEquals(3, outcome.history().size(), "patience 5 never runs out in 3 epochs");
    }
}
