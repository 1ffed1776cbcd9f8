package org.sparkfit.testing;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * One local Spark context of 2 threads for the whole test JVM, as Spark MLlib's suites share theirs. A failed task
 * is tried twice, as a cluster retries tasks (local mode's default is once). The tests' {@link InjectedFaults} are
 * loaded, and do nothing until a test sets one.
 */
public final class SharedSpark {
    private static JavaSparkContext context;

    private SharedSpark() {
    }

    public static synchronized JavaSparkContext context() {
        if (context == null) {
            SparkConf conf = new SparkConf().setMaster("local[2,2]").setAppName("sparkfit-tests")
                    .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
                    .set("spark.driver.bindAddress", "127.0.0.1")
                    .set("spark.plugins", InjectedFaults.class.getName());
            context = new JavaSparkContext(conf);
            context.setLogLevel("WARN");
            Runtime.getRuntime().addShutdownHook(new Thread(context::stop));
        }
        return context;
    }
}
