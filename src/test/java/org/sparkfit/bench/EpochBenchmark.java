package org.sparkfit.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
import org.sparkfit.worker.CutBatches;
import org.sparkfit.worker.EpochOrder;

/**
 * Side by side in one run, same job file, data, model, seed and epochs: sparkfit on local[N], DL4J's own Spark
 * trainer (dl4j-spark's parameter averaging) on the same master, single-process DL4J ({@code MultiLayerNetwork.fit}
 * on one in-memory copy), and PyTorch on the CPU where Debian's python3-torch is installed; then the sgemm limit of
 * the epoch on this machine. Prints seconds per epoch (median of epochs 2..N), examples/s, the ratio to sparkfit
 * and test accuracy; sparkfit's epochs, which also score the held-out set, are timed without that scoring (the
 * other trainers evaluate once, after training), and its whole epoch is printed below the table. Both exchange
 * modes run. Run through {@code scripts/bench}; never part of the tests.
 */
public final class EpochBenchmark {
    private EpochBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String conf = args.length > 0 ? args[0] : "conf/fashion-mnist-mlp.yaml";
        String master = args.length > 1 ? args[1] : "local[2]";
        Path outputs = Files.createTempDirectory("sparkfit-bench");
        JobConfig job = JobConfigLoader.parse(Files.readString(Path.of(conf)), conf,
                List.of("output=" + outputs.resolve("run")));
        int workers = job.spark().workers();
        boolean allreduce = workers > 1 && job.fit().batchSize() % workers == 0;
        JobConfig allreduceJob = JobConfigLoader.parse(Files.readString(Path.of(conf)), conf,
                List.of("output=" + outputs.resolve("allreduce"), "spark.exchange=allreduce"));
        PreparedJob prepared = PreparedJob.plan(job);
        Configuration hadoop = new Configuration();
        float inverse = (float) (1.0 / job.data().scale());
        Examples train = prepared.train().read(hadoop, 0, 1, 10).scaledBy(inverse);
        Examples test = prepared.test().read(hadoop, 0, 1, 10).scaledBy(inverse);

        Result single = singleProcess(job, prepared, train, test);
        Result dl4jSpark = Dl4jSparkBaseline.run(job, prepared, train, test, master);
        Result spark;
        Result sparkAllreduce = null;
        try (JavaSparkContext sc = SparkContexts.start("sparkfit-bench", master, null)) {
            sc.setLogLevel("WARN");
            spark = sparkfit(sc, job);
            if (allreduce) {
                sparkAllreduce = sparkfit(sc, allreduceJob);
            }
        }
        SynchronousRounds.Floor floor = workers > 1 ? SynchronousRounds.measure(prepared.network(), train,
                prepared.spec().task(), job.fit().batchSize(), workers, job.spark().averagingFrequency(),
                train.rows() / workers / job.fit().batchSize(), Math.max(1, job.fit().epochs() - 1),
                job.fit().seed()) : null;
        // PyTorch on one thread and on as many as sparkfit has workers: the same cores for both.
        var pytorch = PyTorchBaseline.run(job, 1);
        var pytorchAllCores = workers > 1 ? PyTorchBaseline.run(job, workers)
                : java.util.Optional.<Map.Entry<String, Result>>empty();
        List<SgemmLimit.Limit> limits = List.of(SgemmLimit.measure(prepared.network(), train.rows(),
                job.fit().batchSize(), 1), SgemmLimit.measure(prepared.network(), train.rows(),
                job.fit().batchSize(), workers));

        System.out.printf(Locale.ROOT, "%nJob %s: %d epochs, batch %d, %d workers, averaging every %d, %s, "
                        + "OMP_NUM_THREADS=%s, OPENBLAS_CORETYPE=%s%n", conf, job.fit().epochs(), job.fit().batchSize(),
                workers, job.spark().averagingFrequency(), master, System.getenv("OMP_NUM_THREADS"),
                System.getenv("OPENBLAS_CORETYPE"));
        System.out.printf(Locale.ROOT, "%-40s %8s %12s %12s %14s%n", "trainer", "s/epoch", "examples/s",
                "vs sparkfit", "test accuracy");
        print("sparkfit " + master + ", averaging", spark, spark, train.rows());
        if (sparkAllreduce != null) {
            print("sparkfit " + master + ", allreduce", sparkAllreduce, spark, train.rows());
        }
        print("dl4j-spark ParameterAveraging " + master, dl4jSpark, spark, train.rows());
        print("DL4J single process", single, spark, train.rows());
        pytorch.ifPresent(row -> print(row.getKey(), row.getValue(), spark, train.rows()));
        pytorchAllCores.ifPresent(row -> print(row.getKey(), row.getValue(), spark, train.rows()));
        for (SgemmLimit.Limit limit : limits) {
            System.out.printf(Locale.ROOT, "%-40s %8.2f %12.0f %11.2fx %14s%n",
                    "sgemm limit, " + limit.threads() + (limit.threads() == 1 ? " thread" : " threads")
                            + String.format(Locale.ROOT, " (%.1f GFLOP/s)", limit.gflops()),
                    limit.epochSeconds(), train.rows() / limit.epochSeconds(),
                    limit.epochSeconds() / spark.median(), "-");
        }
        System.out.printf(Locale.ROOT, "(epoch: %.3f TFLOP of matrix products)%n",
                SgemmLimit.epochFlops(prepared.network(), train.rows()) / 1e12);
        printOutside("sparkfit averaging", spark);
        if (sparkAllreduce != null) {
            printOutside("sparkfit allreduce", sparkAllreduce);
        }
        if (floor != null) {
            System.out.println(SynchronousRounds.describe(floor, workers, job.spark().averagingFrequency()));
        }
        // Spark's barrier tasks leave a non-daemon timer thread ("Barrier task timer for barrier() calls.") in the
        // JVM that ran them, here this one (local mode), which would keep it alive after main returns.
        System.exit(0);
    }

    /**
     * sparkfit's epochs without their held-out evaluation, which the other trainers do once, after training, so
     * that every row times the same work; {@link #printOutside} shows the evaluation's time.
     */
    private static Result sparkfit(JavaSparkContext sc, JobConfig job) throws java.io.IOException {
        TrainingOutcome outcome = new TrainingRun(sc, System.err, ConsoleProgress.create(System.err, false, 60))
                .run(job, false);
        return new Result(outcome.history().stream().map(e -> e.seconds() - e.timing().getOrDefault("evaluation",
                0.0)).toList(), outcome.test().get("accuracy"),
                outcome.history().stream().map(EpochRecord::timing).toList());
    }

    /**
     * The share of sparkfit's whole epoch (with its held-out evaluation) outside fitting and evaluation: waiting for
     * the slower worker at each round, the exchange itself and Spark, epochs 2..N summed.
     */
    private static void printOutside(String name, Result r) {
        double wait = 0;
        double exchange = 0;
        double spark = 0;
        double evaluation = 0;
        double total = 0;
        for (int e = r.timings().size() > 1 ? 1 : 0; e < r.timings().size(); e++) {
            Map<String, Double> timing = r.timings().get(e);
            wait += timing.getOrDefault("wait", 0.0);
            exchange += timing.getOrDefault("exchange", 0.0);
            spark += timing.getOrDefault("spark", 0.0) + timing.getOrDefault("other", 0.0);
            evaluation += timing.getOrDefault("evaluation", 0.0);
            total += r.epochSeconds().get(e) + timing.getOrDefault("evaluation", 0.0);
        }
        int epochs = r.timings().size() > 1 ? r.timings().size() - 1 : 1;
        System.out.printf(Locale.ROOT, "%s: %.2f s per whole epoch, of which held-out evaluation %.2f s (left out "
                + "above); outside fitting and evaluation %.1f%% (waiting for the slower worker %.2f s + exchange "
                + "%.2f s + spark %.2f s)%n", name, total / epochs, evaluation / epochs,
                100 * (wait + exchange + spark) / total, wait / epochs, exchange / epochs, spark / epochs);
    }

    /** A trainer's epoch times, final test accuracy and, for sparkfit, where each epoch's time went. */
    record Result(List<Double> epochSeconds, double accuracy, List<Map<String, Double>> timings) {
        Result(List<Double> epochSeconds, double accuracy) {
            this(epochSeconds, accuracy, List.of());
        }

        double median() {
            List<Double> later = new ArrayList<>(epochSeconds.subList(epochSeconds.size() > 1 ? 1 : 0,
                    epochSeconds.size()));
            later.sort(Double::compare);
            int n = later.size();
            return n % 2 == 1 ? later.get(n / 2) : (later.get(n / 2 - 1) + later.get(n / 2)) / 2;
        }
    }

    private static void print(String name, Result r, Result sparkfit, int rows) {
        System.out.printf(Locale.ROOT, "%-40s %8.2f %12.0f %11.2fx %14.4f%n", name, r.median(), rows / r.median(),
                r.median() / sparkfit.median(), r.accuracy());
    }

    /** Plain DL4J on one machine: the same network, batches and epoch shuffles, no Spark. */
    private static Result singleProcess(JobConfig job, PreparedJob prepared, Examples train, Examples test) {
        MultiLayerNetwork net = new MultiLayerNetwork(prepared.network());
        net.init();
        int batch = job.fit().batchSize();
        List<Double> seconds = new ArrayList<>();
        for (int epoch = 0; epoch < job.fit().epochs(); epoch++) {
            long start = System.nanoTime();
            int[] order = EpochOrder.of(train.rows(), job.fit().seed(), epoch, 0, job.fit().shuffle());
            for (int from = 0; from < train.rows(); from += batch) {
                int count = Math.min(batch, train.rows() - from);
                net.fit(CutBatches.labelled(train, prepared.spec().task(), order, from, count));
            }
            seconds.add((System.nanoTime() - start) / 1e9);
            System.err.printf(Locale.ROOT, "DL4J single process epoch %d: %.2fs%n", epoch + 1, seconds.get(epoch));
        }
        return new Result(seconds, accuracy(prepared, test, net));
    }

    /** The network's accuracy on the whole test set, computed the same way for every JVM trainer. */
    static double accuracy(PreparedJob prepared, Examples test, MultiLayerNetwork net) {
        DataSet all = CutBatches.labelled(test, prepared.spec().task(), Batches.inOrder(test.rows()), 0, test.rows());
        Evaluation eval = new Evaluation(all.getLabels().columns());
        eval.eval(all.getLabels(), net.output(all.getFeatures(), false));
        return eval.accuracy();
    }
}
