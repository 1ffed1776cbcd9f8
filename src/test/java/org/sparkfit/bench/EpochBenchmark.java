package org.sparkfit.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.dataset.DataSet;
import org.sparkfit.datasets.Examples;
import org.sparkfit.driver.config.JobConfig;
import org.sparkfit.driver.config.JobConfigLoader;
import org.sparkfit.driver.jobs.SparkContexts;
import org.sparkfit.driver.jobs.TrainingRun;
import org.sparkfit.driver.progress.ConsoleProgress;
import org.sparkfit.driver.train.EpochRecord;
import org.sparkfit.driver.train.PreparedJob;
import org.sparkfit.driver.train.TrainingOutcome;
import org.sparkfit.worker.Batches;
import org.sparkfit.worker.EpochOrder;

/**
 * Side by side in one run, same job file, data, model, seed and epochs: single-process DL4J
 * ({@code MultiLayerNetwork.fit} on one in-memory copy), sparkfit on local[N], and PyTorch on the CPU where
 * Debian's python3-torch is installed. Prints seconds per epoch (median of epochs 2..N), the ratio to sparkfit
 * and test accuracy. Run through {@code scripts/bench}; never part of the tests.
 */
public final class EpochBenchmark {
    private EpochBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String conf = args.length > 0 ? args[0] : "conf/fashion-mnist-mlp.yaml";
        String master = args.length > 1 ? args[1] : "local[2]";
        JobConfig job = JobConfigLoader.parse(Files.readString(Path.of(conf)), conf,
                List.of("output=" + Files.createTempDirectory("sparkfit-bench").resolve("run")));
        PreparedJob prepared = PreparedJob.plan(job);

        Result single = singleProcess(job, prepared);
        Result spark;
        try (JavaSparkContext sc = SparkContexts.start("sparkfit-bench", master, null)) {
            sc.setLogLevel("WARN");
            TrainingOutcome outcome = new TrainingRun(sc, System.err, ConsoleProgress.create(System.err, false, 60))
                    .run(job, false);
            spark = new Result(outcome.history().stream().map(EpochRecord::seconds).toList(),
                    outcome.test().get("accuracy"));
        }
        System.out.printf(Locale.ROOT, "%nJob %s: %d epochs, batch %d, %d workers, averaging every %d, %s, "
                        + "OMP_NUM_THREADS=%s%n", conf, job.fit().epochs(), job.fit().batchSize(),
                job.spark().workers(), job.spark().averagingFrequency(), master, System.getenv("OMP_NUM_THREADS"));
        var pytorch = PyTorchBaseline.run(job);
        System.out.printf(Locale.ROOT, "%-34s %12s %12s %14s%n", "trainer", "s/epoch", "vs sparkfit", "test accuracy");
        print("sparkfit " + master, spark, spark);
        print("DL4J single process", single, spark);
        pytorch.ifPresent(row -> print(row.getKey(), row.getValue(), spark));
    }

    /** A trainer's epoch times and final test accuracy. */
    record Result(List<Double> epochSeconds, double accuracy) {
        double median() {
            List<Double> later = new ArrayList<>(epochSeconds.subList(epochSeconds.size() > 1 ? 1 : 0,
                    epochSeconds.size()));
            later.sort(Double::compare);
            int n = later.size();
            return n % 2 == 1 ? later.get(n / 2) : (later.get(n / 2 - 1) + later.get(n / 2)) / 2;
        }
    }

    private static void print(String name, Result r, Result sparkfit) {
        System.out.printf(Locale.ROOT, "%-34s %12.2f %11.2fx %14.4f%n", name, r.median(),
                r.median() / sparkfit.median(), r.accuracy());
    }

    /** Plain DL4J on one machine: the same network, batches and epoch shuffles, no Spark. */
    private static Result singleProcess(JobConfig job, PreparedJob prepared) throws Exception {
        Configuration hadoop = new Configuration();
        float inverse = (float) (1.0 / job.data().scale());
        Examples train = prepared.train().read(hadoop, 0, 1, 10).scaled(inverse);
        Examples test = prepared.test().read(hadoop, 0, 1, 10).scaled(inverse);
        MultiLayerNetwork net = new MultiLayerNetwork(prepared.network());
        net.init();
        int batch = job.fit().batchSize();
        List<Double> seconds = new ArrayList<>();
        for (int epoch = 0; epoch < job.fit().epochs(); epoch++) {
            long start = System.nanoTime();
            int[] order = EpochOrder.of(train.rows(), job.fit().seed(), epoch, 0, job.fit().shuffle());
            for (int from = 0; from < train.rows(); from += batch) {
                int count = Math.min(batch, train.rows() - from);
                net.fit(Batches.labelled(train, prepared.spec().task(), order, from, count));
            }
            seconds.add((System.nanoTime() - start) / 1e9);
            System.err.printf(Locale.ROOT, "DL4J single process epoch %d: %.2fs%n", epoch + 1, seconds.get(epoch));
        }
        DataSet all = Batches.labelled(test, prepared.spec().task(), Batches.inOrder(test.rows()), 0, test.rows());
        Evaluation eval = new Evaluation(10);
        eval.eval(all.getLabels(), net.output(all.getFeatures(), false));
        return new Result(seconds, eval.accuracy());
    }
}
