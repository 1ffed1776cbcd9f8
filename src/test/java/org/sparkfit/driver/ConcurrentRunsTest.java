package org.sparkfit.driver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkfit.driver.config.JobConfig;
import org.sparkfit.driver.jobs.TrainingRun;
import org.sparkfit.driver.train.TrainingListener;
import org.sparkfit.driver.train.TrainingOutcome;
import org.sparkfit.testing.Jobs;
import org.sparkfit.testing.SharedSpark;
import org.sparkfit.testing.TestData;
import org.sparkfit.worker.LocalTrainers;

/**
 * Two runs of one network on different data at once in one JVM, as a CrossValidator fits folds in parallel: each
 * keeps its own workers' networks on the executors, so each ends exactly as it does alone, and no epoch of either
 * is retried.
 */
class ConcurrentRunsTest {
    @TempDir
    Path dir;

    private JobConfig job(String data, String name) {
        return Jobs.parse(Jobs.idxClassifier(dir.resolve(data).toString(), 12, 3, dir.resolve(name).toString()),
                "name=" + name, "fit.epochs=4");
    }

    private static TrainingOutcome train(JobConfig config) throws Exception {
        return new TrainingRun(SharedSpark.context(), new PrintStream(new ByteArrayOutputStream()),
                new TrainingListener() { }).run(config, false);
    }

    @Test
    void runsAtOnceKeepTheirOwnWorkersAndEndAsTheyDoAlone() throws Exception {
        TestData.writePlantedIdx(Files.createDirectory(dir.resolve("a")), 600, 150);
        Path b = Files.createDirectory(dir.resolve("b"));
        TestData.writeIdx(TestData.planted(600, 12, 3, 5), new int[] {12}, b.resolve("train-images"),
                b.resolve("train-labels"), false);
        TestData.writeIdx(TestData.planted(150, 12, 3, 6), new int[] {12}, b.resolve("test-images"),
                b.resolve("test-labels"), false);
        TrainingOutcome aloneA = train(job("a", "alone-a"));
        TrainingOutcome aloneB = train(job("b", "alone-b"));

        CompletableFuture<TrainingOutcome> a = CompletableFuture.supplyAsync(() -> trainUnchecked(job("a", "both-a")));
        CompletableFuture<TrainingOutcome> bothB = CompletableFuture.supplyAsync(() -> trainUnchecked(job("b",
                "both-b")));
        assertArrayEquals(aloneA.state(), a.get().state());
        assertArrayEquals(aloneB.state(), bothB.get().state());
        assertEquals(aloneA.test(), a.get().test());
        for (String name : List.of("both-a", "both-b")) {
            assertEquals(0, failedTasks("sparkfit " + name + " "), name + "'s epochs were retried");
        }
        assertEquals(0, keptTrainers(), "every run freed its workers' networks when it ended");
    }

    private static int keptTrainers() throws ReflectiveOperationException {
        Field trainers = LocalTrainers.class.getDeclaredField("TRAINERS");
        trainers.setAccessible(true);
        return ((Map<?, ?>) trainers.get(null)).size();
    }

    private static TrainingOutcome trainUnchecked(JobConfig config) {
        try {
            return train(config);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The failed tasks of the jobs whose description starts with {@code prefix}. */
    private static int failedTasks(String prefix) {
        return scala.collection.JavaConverters.seqAsJavaList(SharedSpark.context().sc().statusStore().jobsList(null))
                .stream().filter(j -> j.description().getOrElse(() -> "").startsWith(prefix))
                .mapToInt(j -> j.numFailedTasks()).sum();
    }
}
