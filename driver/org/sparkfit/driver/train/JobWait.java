package org.sparkfit.driver.train;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Waits for a Spark job's result, and stops waiting when Spark stops under it. A barrier stage that waits for free
 * task slots is not yet a job Spark fails when its context stops (its cluster manager ended the application, as
 * YARN does after too many lost executors), so a plain {@code collect} would wait for ever.
 */
final class JobWait {
    private static final long POLL_MILLIS = 500;

    private JobWait() {
    }

    /**
     * The job's result, or its failure as Spark reports it (unchecked exceptions as they are, Spark's checked
     * {@code SparkException} inside an {@link IllegalStateException} with its message).
     *
     * @param what the job, for the message when Spark stops: e.g. {@code epoch 3}
     * @throws IllegalStateException when Spark stopped before the job ended
     */
    static <T> T result(JavaSparkContext sc, JavaFutureAction<T> job, String what) {
        while (true) {
            try {
                return job.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (sc.sc().isStopped()) {
                    job.cancel(true);
                    throw new IllegalStateException("Spark stopped while " + what + " was running or waiting for "
                            + "executors (its cluster manager may have ended the application; see its log)");
                }
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                throw cause instanceof RuntimeException runtime ? runtime
                        : new IllegalStateException(cause.getMessage(), cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                job.cancel(true);
                throw new IllegalStateException(what + " was interrupted", e);
            }
        }
    }
}
