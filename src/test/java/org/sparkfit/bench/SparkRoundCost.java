package org.sparkfit.bench;

import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.sparkfit.driver.jobs.SparkContexts;

/**
 * What one averaging round costs in Spark alone, without training or ND4J: the same shape of job as
 * {@code DistributedTrainer.round} (broadcast the flat state, one task per partition, results of the state's size,
 * tree-reduce), taken apart. Each line is the best of 5 batches of 40 jobs after 20 to warm up. Run by
 * {@code scripts/bench} after the epoch table; its figures bound what any change to sparkfit's round can save.
 */
public final class SparkRoundCost {
    private static final int WARMUP = 20;
    private static final int JOBS = 40;
    private static final int BATCHES = 5;

    private SparkRoundCost() {
    }

    /** @param args the master (default local[2]) and the state's length in floats (default 814,100) */
    public static void main(String[] args) {
        String master = args.length > 0 ? args[0] : "local[2]";
        int floats = args.length > 1 ? Integer.parseInt(args[1]) : 814_100;
        float[] state = new float[floats];
        try (JavaSparkContext sc = SparkContexts.start("sparkfit-round-cost", master, null)) {
            sc.setLogLevel("WARN");
            int parts = sc.defaultParallelism();
            JavaRDD<Integer> rdd = sc.parallelize(List.of(0, 1, 2, 3, 4, 5, 6, 7).subList(0, parts), parts).cache();
            rdd.count();
            System.out.printf(Locale.ROOT, "%nSpark's cost per round, %s, %d partitions, state %.2f MB%n", master, parts,
                    floats * 4 / 1e6);
            time("an empty job", () -> rdd.map(x -> x).reduce(Integer::sum));
            time("broadcast the state, destroy it", () -> sc.broadcast(state).destroy());
            time("a job reading the broadcast", () -> {
                Broadcast<float[]> b = sc.broadcast(state);
                rdd.map(x -> b.value().length).reduce(Integer::sum);
                b.destroy();
            });
            time("a job returning a state per task", () -> rdd.map(x -> new float[floats]).reduce((x, y) -> x));
            time("a whole round (both, tree-reduced)", () -> {
                Broadcast<float[]> b = sc.broadcast(state);
                rdd.map(x -> b.value().clone()).treeReduce(SparkRoundCost::sum, 2);
                b.destroy();
            });
            time("a whole round, state in the task closure", () ->
                    rdd.map(x -> state.clone()).treeReduce(SparkRoundCost::sum, 2));
        }
    }

    private static float[] sum(float[] a, float[] b) {
        for (int i = 0; i < a.length; i++) {
            a[i] += b[i];
        }
        return a;
    }

    private static void time(String name, Runnable job) {
        for (int i = 0; i < WARMUP; i++) {
            job.run();
        }
        double best = Double.MAX_VALUE;
        for (int batch = 0; batch < BATCHES; batch++) {
            long start = System.nanoTime();
            for (int i = 0; i < JOBS; i++) {
                job.run();
            }
            best = Math.min(best, (System.nanoTime() - start) / 1e6 / JOBS);
        }
        System.out.printf(Locale.ROOT, "%-40s %6.1f ms%n", name, best);
    }
}
