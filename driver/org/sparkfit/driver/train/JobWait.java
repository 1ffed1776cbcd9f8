package org.sparkfit.driver.train;

import java.util.concurrent.ExecutionException;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Whether a Spark job has ended, noticing when Spark stops under it. A barrier stage that waits for free task slots
 * is not yet a job Spark fails when its context stops (its cluster manager ended the application, as YARN does
 * after too many lost executors), so waiting on the job alone would wait for ever.
 */
final class JobWait {

    private JobWait() {
    }

    /**
     * Whether the job has ended well, without waiting; its failure as Spark reports it (unchecked exceptions as they
     * are, Spark's checked {@code SparkException} inside an {@link IllegalStateException} with its message).
     *
     * @param what the job, for the message when Spark stops: e.g. {@code the training stage}
     * @throws IllegalStateException when Spark stopped before the job ended
     */
    static boolean ended(JavaSparkContext sc, JavaFutureAction<?> job, String what) {
        if (!job.isDone()) {
            if (sc.sc().isStopped()) {
                job.cancel(true);
                throw new IllegalStateException("Spark stopped while " + what + " was running or waiting for "
                        + "executors (its cluster manager may have ended the application; see its log)");
            }
            return false;
        }
        try {
            job.get();
            return true;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException(cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " was interrupted", e);
        }
    }
}
