package org.sparkfit.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.api.java.JavaSparkContext;
import org.sparkfit.datasets.Examples;
import org.sparkfit.datasets.IdxSource;
import org.sparkfit.driver.config.JobConfig;
import org.sparkfit.driver.config.JobConfigLoader;
import org.sparkfit.driver.jobs.SparkContexts;
import org.sparkfit.driver.jobs.TrainingRun;
import org.sparkfit.driver.progress.ConsoleProgress;
import org.sparkfit.driver.train.TrainingOutcome;

/**
 * Data at scale, read once: Fashion-MNIST's training images written as a CSV of about {@code GB} gigabytes (the
 * 60,000 rows repeated) on an in-process HDFS (Hadoop's MiniDFSCluster: a real NameNode and DataNode), trained for
 * one epoch by the course's dense network with 2 workers on local[2]; prints the bytes read from HDFS against the
 * files' size, and the epoch. Run through {@code scripts/bench-data}; never part of the tests.
 */
public final class CsvOnHdfsBenchmark {
    private static final String FASHION = "/usr/share/datasets/fashion-mnist/";

    private CsvOnHdfsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        double gigabytes = args.length > 0 ? Double.parseDouble(args[0]) : 1.0;
        Path work = Path.of(args.length > 1 ? args[1] : "target/bench-data");
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, work.resolve("dfs").toAbsolutePath().toString());
        MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        try {
            cluster.waitActive();
            FileSystem fs = cluster.getFileSystem();
            String data = fs.getUri() + "/data";
            Written train = writeCsv(fs, data + "/train.csv", "train", (long) (gigabytes * (1L << 30)));
            Written test = writeCsv(fs, data + "/test.csv", "t10k", 1);
            JobConfig job = JobConfigLoader.parse(Files.readString(Path.of("conf/fashion-mnist-mlp.yaml")),
                    "conf/fashion-mnist-mlp.yaml", List.of(
                            "data.train={format: csv, path: " + data + "/train.csv, label: 0}",
                            "data.test={format: csv, path: " + data + "/test.csv, label: 0}",
                            "fit.epochs=1", "output=" + fs.getUri() + "/runs/csv"));
            FileSystem.Statistics hdfs = FileSystem.getAllStatistics().stream()
                    .filter(s -> s.getScheme().equals("hdfs")).findFirst().orElseThrow();
            long before = hdfs.getBytesRead();
            long started = System.nanoTime();
            TrainingOutcome outcome;
            try (JavaSparkContext sc = SparkContexts.start("sparkfit-bench-data", "local[2]", null)) {
                sc.setLogLevel("WARN");
                outcome = new TrainingRun(sc, System.err, ConsoleProgress.create(System.err, false, 60))
                        .run(job, false);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            long read = hdfs.getBytesRead() - before;
            long files = train.bytes() + test.bytes();
            System.out.printf(Locale.ROOT, "%nCSV on HDFS (MiniDFSCluster), 2 workers on local[2], 1 epoch of %s%n",
                    "conf/fashion-mnist-mlp.yaml");
            System.out.printf(Locale.ROOT, "training CSV %.3f GB (%,d rows), test CSV %.3f GB (%,d rows)%n",
                    train.bytes() / 1e9, train.rows(), test.bytes() / 1e9, test.rows());
            System.out.printf(Locale.ROOT, "bytes read from HDFS: %,d = %.4fx the CSVs' %,d bytes%n", read,
                    (double) read / files, files);
            System.out.printf(Locale.ROOT, "run %.1f s (reading, parsing and caching the CSVs, one epoch %.1f s, "
                    + "saving); test accuracy %.4f%n", seconds, outcome.history().get(0).seconds(),
                    outcome.test().get("accuracy"));
        } finally {
            cluster.shutdown();
        }
        // Spark's barrier tasks leave a non-daemon timer thread behind in this JVM.
        System.exit(0);
    }

    private record Written(long bytes, long rows) {
    }

    /**
     * Writes Fashion-MNIST's {@code set} ("train" or "t10k") as CSV rows {@code label,pixel,...,pixel}, repeated until
     * at least {@code bytes} are written (once at least).
     */
    private static Written writeCsv(FileSystem fs, String file, String set, long bytes) throws IOException {
        Configuration local = new Configuration();
        Examples images = new IdxSource(FASHION + set + "-images-idx3-ubyte.gz",
                FASHION + set + "-labels-idx1-ubyte.gz").read(local, 0, 1, 10);
        float[] pixels = images.features();
        byte[][] rows = new byte[images.rows()][];
        for (int r = 0; r < rows.length; r++) {
            StringBuilder line = new StringBuilder().append((int) images.label(r));
            for (int i = 0; i < images.width(); i++) {
                line.append(',').append((int) pixels[r * images.width() + i]);
            }
            rows[r] = line.append('\n').toString().getBytes(StandardCharsets.US_ASCII);
        }
        long written = 0;
        long copies = 0;
        try (OutputStream out = new BufferedOutputStream(fs.create(new org.apache.hadoop.fs.Path(file)), 1 << 20)) {
            do {
                for (byte[] row : rows) {
                    out.write(row);
                    written += row.length;
                }
                copies++;
            } while (written < bytes);
        }
        return new Written(written, copies * rows.length);
    }
}
