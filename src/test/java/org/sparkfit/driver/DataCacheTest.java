package org.sparkfit.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkfit.driver.config.JobConfig;
import org.sparkfit.driver.jobs.TrainingRun;
import org.sparkfit.driver.train.TrainingListener;
import org.sparkfit.driver.train.TrainingOutcome;
import org.sparkfit.testing.Jobs;
import org.sparkfit.testing.SharedSpark;
import org.sparkfit.testing.TestData;

/**
 * {@code spark.data_cache}: a job whose parts the executors keep on local disk trains, evaluates and reports as the
 * same job kept in memory, and says where it kept them.
 */
class DataCacheTest {
    private static final int WIDTH = 12;

    @TempDir
    static Path dir;

    @BeforeAll
    static void writeData() throws Exception {
        TestData.writeIdx(TestData.planted(600, WIDTH, 3, 1), new int[] {WIDTH}, dir.resolve("train-images"),
                dir.resolve("train-labels"), false);
        TestData.writeIdx(TestData.planted(150, WIDTH, 3, 2), new int[] {WIDTH}, dir.resolve("test-images"),
                dir.resolve("test-labels"), false);
    }

    private record Run(TrainingOutcome outcome, String output, JsonNode metrics) {
    }

    private static Run train(String cache, String... overrides) throws Exception {
        String output = dir.resolve("run-" + cache).toString();
        String[] all = java.util.stream.Stream.concat(java.util.stream.Stream.of(overrides),
                java.util.stream.Stream.of("spark.data_cache=" + cache)).toArray(String[]::new);
        JobConfig config = Jobs.parse(Jobs.idxClassifier(dir.toString(), WIDTH, 3, output), all);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TrainingOutcome outcome = new TrainingRun(SharedSpark.context(), new PrintStream(out, true,
                StandardCharsets.UTF_8), new TrainingListener() { }).run(config, true);
        return new Run(outcome, out.toString(StandardCharsets.UTF_8),
                new ObjectMapper().readTree(Path.of(output, "metrics.json").toFile()));
    }

    @Test
    void partsOnDiskTrainAsPartsInMemoryWhenTheOrderIsTheStoredOne() throws Exception {
        String[] job = {"fit.shuffle=false", "data.standardize=true"};
        Run memory = train("memory", job);
        Run disk = train("disk", job);

        assertEquals(memory.outcome().history().size(), disk.outcome().history().size());
        for (int e = 0; e < memory.outcome().history().size(); e++) {
            assertEquals(memory.outcome().history().get(e).values(), disk.outcome().history().get(e).values(),
                    "epoch " + e);
        }
        assertEquals(memory.outcome().test(), disk.outcome().test());
        assertEquals(memory.outcome().baseline(), disk.outcome().baseline());
        assertTrue(disk.outcome().test().get("accuracy") > 0.8, disk.outcome().test().toString());

        assertEquals("memory", memory.metrics().get("data_cache").get("train").asText());
        assertEquals("disk", disk.metrics().get("data_cache").get("train").asText());
        assertEquals("disk", disk.metrics().get("data_cache").get("test").asText());
        assertTrue(disk.output().contains("Data kept by the workers: training set in local disk (2 parts, "),
                disk.output());
        assertTrue(memory.output().contains("Data kept by the workers: training set in memory (2 parts, "),
                memory.output());
    }

    @Test
    void autoKeepsDataThatFitsTheExecutorsMemoryInMemory() throws Exception {
        Run auto = train("auto");
        assertEquals("memory", auto.metrics().get("data_cache").get("train").asText());
        assertTrue(auto.outcome().test().get("accuracy") > 0.8, auto.outcome().test().toString());
    }
}
