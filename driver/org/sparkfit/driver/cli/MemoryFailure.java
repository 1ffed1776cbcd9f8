package org.sparkfit.driver.cli;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Recognises a failure that was memory running out, on the driver or in an executor, from what Spark reports
 * (an executor's exception travels as text, a lost executor as its exit code or its cluster manager's words), and
 * names the setting to raise.
 */
final class MemoryFailure {
    /** Spark's executors exit with 52 on OutOfMemoryError (SparkExitCode.OOM). */
    private static final Pattern EXECUTOR_HEAP = Pattern.compile(
            "exited with code 52\\b|(?s)Job aborted.*OutOfMemoryError: (Java heap space|GC overhead limit)");
    /** YARN's and Kubernetes' words for a container killed over its limit, and JavaCPP's/libnd4j's refusals. */
    private static final Pattern EXECUTOR_OFF_HEAP = Pattern.compile("exceeding (physical |virtual )?memory limits"
            + "|exit code 137|OOMKilled|Physical memory usage is too high|Cannot allocate new|exceeds HOST");

    private MemoryFailure() {
    }

    static Optional<String> explain(Throwable failure) {
        StringBuilder text = new StringBuilder();
        Throwable root = failure;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            text.append(t).append('\n');
            // An earlier attempt's failure, kept with the last one (an executor lost before Spark stopped).
            for (Throwable earlier : t.getSuppressed()) {
                text.append(earlier).append('\n');
            }
            root = t;
        }
        if (EXECUTOR_HEAP.matcher(text).find()) {
            return Optional.of("an executor ran out of JVM heap (OutOfMemoryError); raise spark.executor.memory "
                    + "(spark-submit --executor-memory; in local mode SPARKFIT_DRIVER_MEMORY), or lower "
                    + "fit.batch_size or the model's size");
        }
        if (EXECUTOR_OFF_HEAP.matcher(text).find()) {
            return Optional.of("an executor went over its memory limit outside the JVM heap, where ND4J keeps its "
                    + "arrays; raise spark.executor.memoryOverhead (sparkfit's default is sized from the model: see "
                    + "docs/CLUSTER.md), or lower fit.batch_size");
        }
        if (root instanceof OutOfMemoryError) {
            return Optional.of("the driver ran out of memory (" + root + "); raise SPARKFIT_DRIVER_MEMORY "
                    + "(scripts/sparkfit) or spark-submit --driver-memory");
        }
        return Optional.empty();
    }
}
