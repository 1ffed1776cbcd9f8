package org.sparkfit.driver.jobs;

import org.apache.spark.SparkConf;

/**
 * The executors' JIT setting that {@code conf/jvm.options} gives the driver (and so local mode's tasks): HotSpot's C2
 * compiler inlines compiled callees only up to {@value #INLINE_SMALL_CODE} bytes of their code instead of 2,500.
 * DL4J's and ND4J's per-batch methods then compile in half the compiler's time, time it takes from a training task
 * while it runs (measured in docs/BENCHMARKS.md, 2026-12-04). Added to {@code spark.executor.extraJavaOptions}
 * unless they already name the flag; a JVM that is not HotSpot ignores it.
 */
public final class ExecutorJit {
    static final int INLINE_SMALL_CODE = 500;
    private static final String KEY = "spark.executor.extraJavaOptions";
    private static final String FLAG = "-XX:InlineSmallCode=";

    private ExecutorJit() {
    }

    public static void applyTo(SparkConf conf) {
        String options = conf.get(KEY, "");
        if (!options.contains(FLAG)) {
            conf.set(KEY, (options + " " + FLAG + INLINE_SMALL_CODE).trim());
        }
    }
}
