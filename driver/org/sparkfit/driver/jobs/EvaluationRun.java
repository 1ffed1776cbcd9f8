package org.sparkfit.driver.jobs;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.sparkfit.datasets.Preprocessing;
import org.sparkfit.driver.train.Evaluator;
import org.sparkfit.driver.train.MetricValues;
import org.sparkfit.driver.train.PartitionedData;
import org.sparkfit.driver.train.PreparedJob;
import org.sparkfit.worker.PartStats;

/** {@code sparkfit evaluate}: scores a saved run's model again on its job's held-out data. */
public final class EvaluationRun {
    private final JavaSparkContext sc;

    public EvaluationRun(JavaSparkContext sc) {
        this.sc = sc;
    }

    public Map<String, Double> run(String runDir) throws IOException {
        return run(runDir, null);
    }

    /**
     * The model's held-out metrics on {@code test}, a data source as a job file writes one (YAML), or when null on
     * its job's {@code data.test}.
     */
    public Map<String, Double> run(String runDir, String test) throws IOException {
        SavedRun saved = SavedRun.load(runDir, sc.hadoopConfiguration(), test == null ? List.of()
                : List.of("data.test=" + test));
        return score(saved.job(), saved.state(), saved.preprocessing());
    }

    /**
     * The held-out metrics of the model {@code state} (parameters first) on {@code job}'s test data, read through
     * {@code preprocessing}.
     */
    public Map<String, Double> score(PreparedJob job, float[] state, Preprocessing preprocessing) {
        PreparedJob.inspectShape("data.test", job.test(), sc.hadoopConfiguration());
        try (PartitionedData test = PartitionedData.read(sc, "data.test", job.test(),
                job.config().spark().workers(), job.spec().task().labelClasses(), preprocessing,
                job.config().spark().cache(), PartStats.Wanted.LABELS)) {
            return MetricValues.of(Evaluator.evaluate(sc, job.spec(), test, state), job.config().compile().metrics(),
                    "");
        }
    }
}
