package org.sparkfit.worker;

import org.apache.spark.TaskContext;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets ND4J's threads on an executor to the cores Spark gives each task ({@code spark.task.cpus}, 1 by default):
 * with one task per core, more BLAS/OpenMP threads than that only fight over the cores. Logs the backend once.
 */
public final class ExecutorBackend {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorBackend.class);
    private static volatile boolean configured;

    private ExecutorBackend() {
    }

    static synchronized void configureOnce() {
        if (configured) {
            return;
        }
        TaskContext task = TaskContext.get();
        int threads = task == null ? Runtime.getRuntime().availableProcessors() : Math.max(1, task.cpus());
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
        LOG.info("sparkfit executor: ND4J backend {} ({}), {} thread(s) per task, OMP_NUM_THREADS={}",
                Nd4j.getBackend().getClass().getSimpleName(), Nd4j.getExecutioner().getClass().getSimpleName(),
                threads, System.getenv("OMP_NUM_THREADS"));
        configured = true;
    }
}
