package org.sparkfit.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkfit.driver.config.JobConfig;
import org.sparkfit.driver.jobs.RetrainingRun;
import org.sparkfit.driver.store.RegistryLock;
import org.sparkfit.driver.train.TrainingDivergedException;
import org.sparkfit.driver.train.TrainingListener;
import org.sparkfit.testing.Jobs;
import org.sparkfit.testing.SharedSpark;
import org.sparkfit.testing.TestData;

/**
 * The nightly retraining sequence on a registry: a first version, a retrain with a worse job (kept), one with a
 * better job (promoted); {@code CURRENT} moves only on promotion; every version loads; the decision is recorded;
 * the registry's lock keeps a second retrain out and a stale one is taken over.
 */
class RetrainTest {
    @TempDir
    Path dir;
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    @BeforeEach
    void writeData() throws Exception {
        TestData.writePlantedIdx(dir, 600, 150);
    }

    private JobConfig job(String... overrides) {
        return Jobs.parse(Jobs.idxClassifier(dir.toString(), 12, 3, "unused"), overrides);
    }

    private RetrainingRun.Decision retrain(JobConfig config) throws Exception {
        return new RetrainingRun(SharedSpark.context(), new PrintStream(console, true, StandardCharsets.UTF_8),
                new TrainingListener() { }).run(config, dir.resolve("registry").toString());
    }

    private String current() throws Exception {
        return Files.readString(dir.resolve("registry/CURRENT")).trim();
    }

    @Test
    void theNightlySequencePromotesOnlyABetterModel() throws Exception {
        RetrainingRun.Decision first = retrain(job("fit.epochs=1", "compile.optimizer={name: adam, learning_rate: "
                + "0.001}"));
        assertEquals("0001", first.version());
        assertTrue(first.promoted());
        assertNull(first.current());
        assertEquals("0001", current());

        // Warm-started from 0001, a learning rate too small to change anything is not an improvement.
        RetrainingRun.Decision worse = retrain(job("fit.epochs=1", "compile.optimizer={name: sgd, learning_rate: "
                + "1.0e-9}"));
        assertEquals("0002", worse.version());
        assertFalse(worse.promoted());
        assertEquals(first.candidate(), worse.current(), 1e-12, "the current model scored on the same test data");
        assertEquals("0001", current());

        RetrainingRun.Decision better = retrain(job("fit.epochs=6", "compile.optimizer={name: adam, learning_rate: "
                + "0.01}"));
        assertEquals("0003", better.version());
        assertTrue(better.promoted(), better.toString());
        assertTrue(better.candidate() > better.current());
        assertEquals("0003", current());

        for (String version : List.of("0001", "0002", "0003")) {
            assertEquals(259, ModelSerializer.restoreMultiLayerNetwork(dir.resolve("registry/versions/" + version
                    + "/model.zip").toFile()).numParams());
        }
        JsonNode kept = new ObjectMapper().readTree(dir.resolve("registry/versions/0002/metrics.json").toFile());
        assertEquals("accuracy", kept.at("/retrain/metric").asText());
        assertEquals("0001", kept.at("/retrain/current_version").asText());
        assertFalse(kept.at("/retrain/promoted").asBoolean());
        assertEquals(kept.at("/test/accuracy").asDouble(), kept.at("/retrain/candidate").asDouble());
        List<String> log = Files.readAllLines(dir.resolve("registry/registry.log"));
        assertEquals(3, log.size());
        assertTrue(log.get(0).matches("\\S+ version 0001 accuracy \\d\\.\\d{4} \\(first version\\): promoted"),
                log.get(0));
        assertTrue(log.get(1).matches("\\S+ version 0002 accuracy \\d\\.\\d{4} vs current 0001 \\d\\.\\d{4}: kept "
                + "current"), log.get(1));
        assertTrue(log.get(2).endsWith(": promoted"), log.get(2));
        assertFalse(Files.exists(dir.resolve("registry/LOCK")), "the lock is released");
    }

    @Test
    void aDivergingRetrainPromotesNothingAndLeavesNoVersionBehind() throws Exception {
        retrain(job());
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> retrain(job(
                "compile.optimizer={name: sgd, learning_rate: 1.0e30}")));
        assertTrue(e.getMessage().startsWith("training diverged in epoch 1, round 1: "), e.getMessage());
        assertEquals("0001", current());
        try (Stream<Path> versions = Files.list(dir.resolve("registry/versions"))) {
            assertEquals(List.of("0001"), versions.map(p -> p.getFileName().toString()).toList());
        }
        assertFalse(Files.exists(dir.resolve("registry/LOCK")), "the lock is released after a failure too");
        assertEquals("0002", retrain(job("fit.epochs=3")).version(), "the next night trains 0002 afresh");
    }

    @Test
    void aDifferentNetworkIsRefused() throws Exception {
        retrain(job());
        UserInputException e = assertThrows(UserInputException.class, () -> retrain(job("model.layers[0].units=8")));
        assertTrue(e.getMessage().startsWith("the job's model (input [12], Dense (None, 8), Dense (None, 3)) is not "
                + "the registry's current version 0001 (input [12], Dense (None, 16), Dense (None, 3)); retrain "
                + "keeps the architecture"), e.getMessage());
        try (Stream<Path> versions = Files.list(dir.resolve("registry/versions"))) {
            assertEquals(1, versions.count(), "nothing was trained");
        }
    }

    @Test
    void aDifferentStandardizationIsRefusedBecauseRetrainKeepsTheCurrentOnes() throws Exception {
        retrain(job());
        UserInputException e = assertThrows(UserInputException.class, () -> retrain(job("data.standardize=true")));
        assertEquals("data.standardize: is true but the registry's current version 0001 was trained with it false; "
                + "retrain keeps the current version's preprocessing (the warm-started weights were fitted to it): "
                + "set it back, or start a new registry", e.getMessage());
        try (Stream<Path> versions = Files.list(dir.resolve("registry/versions"))) {
            assertEquals(1, versions.count(), "nothing was trained");
        }
    }

    @Test
    void aHeldLockKeepsASecondRetrainOutAndAStaleOneIsTakenOver() throws Exception {
        retrain(job());
        Path lock = dir.resolve("registry/LOCK");
        Files.writeString(lock, "12345@other-host at 2026-11-23T01:00:00Z");
        RegistryLock.RegistryLockedException held = assertThrows(RegistryLock.RegistryLockedException.class,
                () -> retrain(job()));
        assertTrue(held.getMessage().contains("is held by 12345@other-host at 2026-11-23T01:00:00Z"),
                held.getMessage());
        assertEquals("0001", current());

        Files.setLastModifiedTime(lock, FileTime.from(Instant.now().minusSeconds(7 * 3600)));
        retrain(job("retrain.stale_lock_minutes=360"));
        assertTrue(console.toString(StandardCharsets.UTF_8).contains("sparkfit: warning: taking over a stale lock "),
                console.toString(StandardCharsets.UTF_8));
        assertFalse(Files.exists(lock));
    }
}
