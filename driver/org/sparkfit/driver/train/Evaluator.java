package org.sparkfit.driver.train;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.sparkfit.worker.EvaluateTask;
import org.sparkfit.worker.Scores;
import org.sparkfit.worker.TrainingSpec;

/** Scores a model on cached held-out data on the executors, merging the partitions' DL4J evaluations. */
public final class Evaluator {
    private Evaluator() {
    }

    public static Scores evaluate(JavaSparkContext sc, TrainingSpec spec, PartitionedData data, float[] state) {
        Broadcast<float[]> broadcast = sc.broadcast(state);
        try {
            return data.rdd().mapPartitions(new EvaluateTask(spec, broadcast)).reduce(Scores::merge);
        } finally {
            broadcast.destroy();
        }
    }
}
