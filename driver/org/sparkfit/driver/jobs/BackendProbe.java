package org.sparkfit.driver.jobs;

import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.sparkfit.worker.ExecutorBackend;

/**
 * Asks the executors what ND4J runs on there (backend, threads or GPU), with one small Spark job of one task per
 * worker, so that a run's report can say where it trained.
 */
final class BackendProbe {
    private BackendProbe() {
    }

    /** The distinct descriptions, sorted: one per executor (and GPU) that ran a task. */
    static List<String> describe(JavaSparkContext sc, int workers) {
        List<Integer> tasks = IntStream.range(0, workers).boxed().toList();
        return sc.parallelize(tasks, workers).map(task -> ExecutorBackend.describe()).distinct().collect().stream()
                .sorted().toList();
    }
}
