package org.sparkfit.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.apache.commons.io.FileUtils;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkfit.driver.cli.SparkfitCommand;
import org.sparkfit.driver.jobs.TrainingRun;
import org.sparkfit.driver.report.RunComparison;
import org.sparkfit.driver.train.TrainingListener;
import org.sparkfit.testing.Jobs;
import org.sparkfit.testing.SharedSpark;
import org.sparkfit.testing.TestData;

/** {@code sparkfit compare} on two runs, and on a registry holding them as versions 0001 and 0002. */
class RunComparisonTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void trainTwoRuns() throws Exception {
        TestData.writePlantedIdx(dir, 400, 100);
        TrainingRun run = new TrainingRun(SharedSpark.context(), new PrintStream(new ByteArrayOutputStream()),
                new TrainingListener() { });
        run.run(Jobs.parse(Jobs.idxClassifier(dir.toString(), 12, 3, dir.resolve("adam").toString()),
                "fit.epochs=2"), false);
        run.run(Jobs.parse(Jobs.idxClassifier(dir.toString(), 12, 3, dir.resolve("sgd").toString()),
                "fit.epochs=1", "compile.optimizer={name: sgd, learning_rate: 0.05}"), false);
    }

    private static double accuracy(String run) throws Exception {
        JsonNode metrics = new ObjectMapper().readTree(dir.resolve(run).resolve("metrics.json").toFile());
        return metrics.at("/test/accuracy").asDouble();
    }

    @Test
    void twoRunsSideBySide() throws Exception {
        String adam = dir.resolve("adam").toString();
        String sgd = dir.resolve("sgd").toString();
        List<String> lines = RunComparison.load(List.of(adam, sgd), new Configuration()).table().lines().toList();
        assertEquals(3, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(0).matches("run +epochs +batch +optimizer +lr +workers +exchange +loss +accuracy +"
                + "baseline accuracy +train s"), lines.get(0));
        String accuracy = String.format(Locale.ROOT, "%.4f", accuracy("adam")).replace(".", "\\.");
        assertTrue(lines.get(1).matches(java.util.regex.Pattern.quote(adam) + " +2 +16 +adam +0\\.01 +2 +avg/4 "
                + "+\\d\\.\\d{4} +" + accuracy + " +\\d\\.\\d{4} +\\d+\\.\\d"), lines.get(1));
        assertTrue(lines.get(2).startsWith(sgd + "  "), lines.get(2));
        assertTrue(lines.get(2).contains(" sgd  0.05 "), lines.get(2));

        Path chart = dir.resolve("compare.png");
        assertEquals(0, SparkfitCommand.run("compare", adam, sgd, "--chart", chart.toString()));
        assertTrue(ImageIO.read(new ByteArrayInputStream(Files.readAllBytes(chart))).getWidth() == 900);
    }

    @Test
    void aRegistryListsItsVersionsOldestFirstAndMarksTheCurrentOne() throws Exception {
        Path registry = dir.resolve("registry");
        FileUtils.copyDirectory(dir.resolve("sgd").toFile(), registry.resolve("versions/0001").toFile());
        FileUtils.copyDirectory(dir.resolve("adam").toFile(), registry.resolve("versions/0002").toFile());
        Files.writeString(registry.resolve("CURRENT"), "0002\n");

        RunComparison comparison = RunComparison.load(List.of(registry.toString()), new Configuration());
        assertEquals(List.of(registry + " 0001", registry + " 0002 (CURRENT)"),
                comparison.runs().stream().map(RunComparison.Run::label).toList());
        List<String> lines = comparison.table().lines().toList();
        assertTrue(lines.get(1).contains(" sgd ") && lines.get(2).contains(" adam "), String.join("\n", lines));
        assertEquals(accuracy("adam"), comparison.runs().get(1).metrics().at("/test/accuracy").asDouble());
    }

    @Test
    void aDirectoryThatIsNotARunIsAUserError() {
        assertEquals(2, SparkfitCommand.run("compare", dir.toString()));
    }
}
