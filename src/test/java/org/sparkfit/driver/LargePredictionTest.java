package org.sparkfit.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkfit.driver.jobs.TrainingRun;
import org.sparkfit.driver.store.RunDirectory;
import org.sparkfit.driver.train.TrainingListener;
import org.sparkfit.testing.FashionSlice;
import org.sparkfit.testing.Jobs;
import org.sparkfit.testing.JvmCrashReport;
import org.sparkfit.testing.PredictionFiles;
import org.sparkfit.testing.SharedSpark;
import org.sparkfit.testing.TestData;

/**
 * {@code sparkfit predict} at scale: a million rows (Fashion-MNIST's first 10,000 test images, tiled 100 times, 784
 * MB) predicted through the launcher with the driver's heap at 512 MiB, in local mode, where the executors share
 * that heap: the executors write the predictions as their own part files, and every row is what the model predicts
 * for its image, in input order.
 */
class LargePredictionTest {
    private static final int TILE = 10_000;
    private static final int TILES = 100;

    @TempDir
    Path dir;

    @Test
    void aMillionRowsArePredictedByTheExecutorsWithTheDriverAt512MiB() throws Exception {
        FashionSlice.write(dir, "train", 3000);
        FashionSlice.write(dir, "t10k", 600);
        String job = Files.readString(Path.of("conf/fashion-mnist-mlp.yaml"))
                .replace(FashionSlice.PACKAGE.toString(), dir.toString()).replace(".gz", "")
                .replace("runs/fashion-mnist-mlp", dir.resolve("run").toString());
        new TrainingRun(SharedSpark.context(), new PrintStream(new ByteArrayOutputStream()), new TrainingListener() { })
                .run(Jobs.parse(job, "fit.epochs=1", "model.layers[0].units=32"), false);

        TestData.Set tile = FashionSlice.read("t10k", TILE);
        Path images = dir.resolve("million-images-idx3-ubyte");
        writeTiled(tile, images);

        ProcessBuilder launcher = new ProcessBuilder(Path.of("scripts/sparkfit").toAbsolutePath().toString(),
                "predict", dir.resolve("run").toString(), "--input", images.toString(), "--output",
                dir.resolve("million.csv").toString(), "--master", "local[2]").directory(dir.toFile())
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
        launcher.environment().put("SPARKFIT_CLASSPATH", System.getProperty("java.class.path"));
        launcher.environment().put("SPARKFIT_DRIVER_MEMORY", "512m");
        Process predict = launcher.start();
        assertTrue(predict.waitFor(10, TimeUnit.MINUTES), "predict did not finish");
        assertEquals(0, predict.exitValue(), (JvmCrashReport.of(dir.resolve("out.txt")) + " "
                + Files.readString(dir.resolve("err.txt"))).strip());
        assertTrue(Files.readString(dir.resolve("out.txt")).contains("Wrote 1000000 predictions"));

        // Two workers, two part files, each written by its executor.
        try (var parts = Files.list(dir.resolve("million.csv"))) {
            assertEquals(2, parts.filter(p -> p.getFileName().toString().startsWith("part-")).count());
        }
        String[] expected = predictions(new RunDirectory(dir.resolve("run").toString(), new Configuration())
                .readModel(), tile);
        List<String> lines = PredictionFiles.lines(dir.resolve("million.csv"));
        assertEquals("row,prediction,probability", lines.get(0));
        assertEquals(TILE * TILES + 1, lines.size());
        for (int r = 0; r < TILE * TILES; r++) {
            String[] cells = lines.get(r + 1).split(",");
            String[] want = expected[r % TILE].split(",");
            assertEquals(r, Long.parseLong(cells[0]));
            assertEquals(want[0], cells[1], "row " + r);
            // To the last of 6 digits: the model here scores all 10,000 images in one batch, predict 1,024 at a time.
            assertEquals(Double.parseDouble(want[1]), Double.parseDouble(cells[2]), 2e-6, "row " + r);
        }
    }

    /** Writes {@code tile}'s images {@link #TILES} times over as one IDX file of unsigned bytes. */
    private static void writeTiled(TestData.Set tile, Path images) throws Exception {
        byte[] pixels = new byte[tile.features().length];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) tile.features()[i];
        }
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(images),
                1 << 20))) {
            out.writeInt(0x00000803);
            out.writeInt(TILE * TILES);
            out.writeInt(28);
            out.writeInt(28);
            for (int t = 0; t < TILES; t++) {
                out.write(pixels);
            }
        }
    }

    /**
     * The class and its probability (to 6 significant digits) the model gives each of {@code tile}'s images, scaled
     * as the job scales them.
     */
    private static String[] predictions(MultiLayerNetwork net, TestData.Set tile) {
        float[] scaled = tile.features().clone();
        for (int i = 0; i < scaled.length; i++) {
            scaled[i] *= (float) (1.0 / 255);
        }
        INDArray out = net.output(Nd4j.create(scaled, new long[] {tile.rows(), 784}));
        String[] lines = new String[tile.rows()];
        for (int r = 0; r < tile.rows(); r++) {
            int best = out.getRow(r).argMax().getInt(0);
            lines[r] = best + "," + String.format(Locale.ROOT, "%.6g", out.getFloat(r, best));
        }
        return lines;
    }
}
