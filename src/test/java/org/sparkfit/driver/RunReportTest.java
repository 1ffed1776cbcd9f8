package org.sparkfit.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkfit.driver.jobs.TrainingRun;
import org.sparkfit.driver.train.TrainingListener;
import org.sparkfit.testing.Jobs;
import org.sparkfit.testing.SharedSpark;
import org.sparkfit.testing.TestData;

/**
 * Every run directory gets {@code report.html} and PNG charts. The report is opened in headless Chromium (Debian's
 * chromium, installed by scripts/setup): the test reads back how many charts the browser decoded and looks at the
 * screenshot it took.
 */
class RunReportTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TempDir
    Path dir;

    private void train(String yaml, String... overrides) throws Exception {
        new TrainingRun(SharedSpark.context(), new PrintStream(new ByteArrayOutputStream()), new TrainingListener() {
        }).run(Jobs.parse(yaml, overrides), false);
    }

    @Test
    void aClassifiersReportRendersItsCurvesAndConfusionMatrixInChromium() throws Exception {
        TestData.writePlantedIdx(dir, 600, 150);
        train(Jobs.idxClassifier(dir.toString(), 12, 3, dir.resolve("run").toString()));
        Path run = dir.resolve("run");

        assertEquals(List.of("accuracy.png", "confusion_matrix.png", "loss.png"), chartFiles(run));
        for (String chart : chartFiles(run)) {
            BufferedImage image = ImageIO.read(run.resolve("charts").resolve(chart).toFile());
            assertTrue(image.getWidth() >= 640 && colours(image) > 20, chart + " is blank");
        }
        JsonNode metrics = new ObjectMapper().readTree(run.resolve("metrics.json").toFile());
        long[] perClass = new long[3];
        long total = 0;
        for (int actual = 0; actual < 3; actual++) {
            for (int predicted = 0; predicted < 3; predicted++) {
                long count = metrics.at("/confusion_matrix/" + actual + "/" + predicted).asLong();
                perClass[actual] += count;
                total += count;
            }
        }
        assertEquals(150, total);
        long correct = 0;
        for (int c = 0; c < 3; c++) {
            correct += metrics.at("/confusion_matrix/" + c + "/" + c).asLong();
        }
        assertEquals(metrics.at("/test/accuracy").asDouble(), correct / 150.0, 1e-12);

        String html = Files.readString(run.resolve("report.html"));
        assertTrue(html.contains("<title>planted - sparkfit report</title>"), html);
        assertTrue(html.contains("Total params: 259"), "the Keras summary is in the report");
        assertTrue(html.contains("CpuBackend, 1 thread per task"), "the executors' backend is in the report");
        assertTrue(!html.contains("http://") && !html.contains("https://"), "nothing is fetched from a network");

        assertEquals("<body data-charts=\"3\">", browser(run, "--dump-dom").lines()
                .filter(line -> line.contains("<body")).findFirst().orElseThrow().replaceAll(".*(<body[^>]*>).*",
                        "$1"));
        Path shot = dir.resolve("shot.png");
        browser(run, "--screenshot=" + shot, "--window-size=1400,1600", "--hide-scrollbars");
        BufferedImage screen = ImageIO.read(shot.toFile());
        assertEquals(1400, screen.getWidth());
        // The charts fill much of the first screen with many colours; an empty or text-only page has a few.
        assertTrue(colours(screen) > 200, "the screenshot shows " + colours(screen) + " colours");
        assertTrue(nonWhite(screen) > 0.15, "the screenshot is " + nonWhite(screen) + " non-white");
    }

    @Test
    void aRegressionsReportPlotsPredictedAgainstTrue() throws Exception {
        Random random = new Random(5);
        StringBuilder csv = new StringBuilder("a,b,c,y\n");
        for (int r = 0; r < 400; r++) {
            double a = random.nextDouble();
            double b = random.nextDouble();
            double c = random.nextDouble();
            csv.append(String.format(java.util.Locale.ROOT, "%.4f,%.4f,%.4f,%.4f%n", a, b, c, 2 * a - b + 0.5 * c));
        }
        Files.writeString(dir.resolve("data.csv"), csv);
        String source = "{format: csv, path: " + dir.resolve("data.csv") + ", header: true, label: y}";
        train(Jobs.idxClassifier(dir.toString(), 3, 1, dir.resolve("run").toString()), "data.train=" + source,
                "data.test=" + source, "data.scale=1", "model.layers[1].activation=linear", "compile.loss=mse",
                "compile.metrics=[mae]");
        Path run = dir.resolve("run");
        assertEquals(List.of("loss.png", "mae.png", "predicted_vs_true.png"), chartFiles(run));
        JsonNode sample = new ObjectMapper().readTree(run.resolve("metrics.json").toFile()).path("regression_sample");
        assertEquals(400, sample.path("true").size());
        assertEquals(400, sample.path("predicted").size());
        assertTrue(colours(ImageIO.read(run.resolve("charts/predicted_vs_true.png").toFile())) > 20);
    }

    private static List<String> chartFiles(Path run) throws Exception {
        try (Stream<Path> files = Files.list(run.resolve("charts"))) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private String browser(Path run, String... options) throws Exception {
        assertTrue(Files.isExecutable(CHROMIUM), "Chromium is missing: run scripts/setup (installs Debian's chromium)");
        List<String> command = new java.util.ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--user-data-dir=" + dir.resolve("chromium-profile")));
        command.addAll(List.of(options));
        command.add(run.resolve("report.html").toUri().toString());
        Path out = Files.createTempFile(dir, "chromium", ".out");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), "chromium did not finish");
        assertEquals(0, process.exitValue());
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    private static int colours(BufferedImage image) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                seen.add(image.getRGB(x, y));
            }
        }
        return seen.size();
    }

    private static double nonWhite(BufferedImage image) {
        long count = 0;
        long all = 0;
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                count += (image.getRGB(x, y) & 0xffffff) == 0xffffff ? 0 : 1;
                all++;
            }
        }
        return (double) count / all;
    }
}
