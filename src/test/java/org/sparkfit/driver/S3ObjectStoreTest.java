package org.sparkfit.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.GlobalStorageStatistics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkfit.driver.jobs.EvaluationRun;
import org.sparkfit.driver.jobs.TrainingRun;
import org.sparkfit.driver.store.StagedOutput;
import org.sparkfit.driver.train.TrainingListener;
import org.sparkfit.driver.train.TrainingOutcome;
import org.sparkfit.testing.Jobs;
import org.sparkfit.testing.S3Server;
import org.sparkfit.testing.SharedSpark;
import org.sparkfit.testing.TestData;

/**
 * Runs written to {@code s3a://} on a real S3 server (S3Proxy on loopback): an object store's rename copies object by
 * object, so a run directory is written under its final name and published by its marker, written last; readers
 * refuse a directory without it, as a writer that died midway leaves it.
 */
class S3ObjectStoreTest {
    private static final String BUCKET = "runs";

    @TempDir
    static Path dir;

    private static S3Server server;

    @BeforeAll
    static void start() throws Exception {
        server = S3Server.start(dir.resolve("s3"), BUCKET);
        server.configure(SharedSpark.context().hadoopConfiguration());
        TestData.writePlantedIdx(dir, 600, 150);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static TrainingOutcome train(String output, boolean overwrite) throws Exception {
        return new TrainingRun(SharedSpark.context(), new PrintStream(new ByteArrayOutputStream()),
                new TrainingListener() { }).run(Jobs.parse(Jobs.idxClassifier(dir.toString(), 12, 3, output),
                "fit.epochs=2"), overwrite);
    }

    private static long renames() {
        return GlobalStorageStatistics.INSTANCE.get("S3AStorageStatistics").getLong("op_rename");
    }

    private static List<String> objects(String run) throws Exception {
        try (Stream<Path> files = Files.walk(server.bucketDirectory(BUCKET).resolve(run))) {
            return files.filter(Files::isRegularFile).map(f -> server.bucketDirectory(BUCKET).resolve(run)
                    .relativize(f).toString()).sorted().toList();
        }
    }

    @Test
    void aRunIsWrittenInPlacePublishedByItsMarkerAndReadBack() throws Exception {
        train("s3a://" + BUCKET + "/first", false);
        long before = renames();
        TrainingOutcome outcome = train("s3a://" + BUCKET + "/first", true);
        // 2 epochs' checkpoints and the run directory are written where they stay; the one rename moves the
        // checkpoints into the finished run.
        assertEquals(1, renames() - before, "renames while training and saving");
        List<String> written = objects("first");
        assertTrue(written.containsAll(List.of(StagedOutput.MARKER, "model.zip", "config.yaml", "metrics.json",
                "checkpoints/epoch-0002/" + StagedOutput.MARKER)), written.toString());
        try (Stream<Path> siblings = Files.list(server.bucketDirectory(BUCKET))) {
            assertEquals(List.of(), siblings.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".first"))
                    .toList(), "no staging or checkpoint directory left beside the run");
        }
        assertEquals(outcome.test(), new EvaluationRun(SharedSpark.context()).run("s3a://" + BUCKET + "/first"));
    }

    @Test
    void aRunWithoutItsMarkerIsRefusedAsUnfinished() throws Exception {
        train("s3a://" + BUCKET + "/whole", false);
        Configuration conf = SharedSpark.context().hadoopConfiguration();
        org.apache.hadoop.fs.Path whole = new org.apache.hadoop.fs.Path("s3a://" + BUCKET + "/whole");
        org.apache.hadoop.fs.Path cut = new org.apache.hadoop.fs.Path("s3a://" + BUCKET + "/cut");
        FileSystem fs = whole.getFileSystem(conf);
        assertTrue(FileUtil.copy(fs, whole, fs, cut, false, conf));
        assertTrue(fs.delete(new org.apache.hadoop.fs.Path(cut, StagedOutput.MARKER), false));
        UserInputException e = assertThrows(UserInputException.class,
                () -> new EvaluationRun(SharedSpark.context()).run(cut.toString()));
        assertEquals(cut + ": an unfinished run directory (no _SUCCESS, which sparkfit writes last on an object "
                + "store): the run writing it stopped midway or is still writing; train it again with --overwrite",
                e.getMessage());
        assertFalse(StagedOutput.complete(fs, cut));
    }
}
