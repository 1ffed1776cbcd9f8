package org.sparkfit.driver.jobs;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Starts the Spark context for a command: under spark-submit the master and settings come from it; run directly
 * the master defaults to {@code local[*]}. Executors get one OpenMP thread per task and, on a cluster, memory for
 * ND4J's off-heap arrays unless told otherwise.
 */
public final class SparkContexts {
    private SparkContexts() {
    }

    /** @param memory executor memory defaults sized for the job's model, or null to leave Spark's */
    public static JavaSparkContext start(String appName, String master, ExecutorMemory memory) {
        SparkConf conf = new SparkConf().setAppName(appName);
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        }
        conf.setIfMissing("spark.executorEnv.OMP_NUM_THREADS", "1");
        conf.setIfMissing("spark.executorEnv.OMP_WAIT_POLICY", "PASSIVE");
        if (memory != null) {
            memory.applyTo(conf);
        }
        return new JavaSparkContext(conf);
    }
}
