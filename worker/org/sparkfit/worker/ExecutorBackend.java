package org.sparkfit.worker;

import java.util.OptionalInt;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fits ND4J to what Spark gave a task. On the CPU backend: as many ND4J threads as the task's cores
 * ({@code spark.task.cpus}, 1 by default), since with one task per core more BLAS/OpenMP threads only fight over
 * the cores, and each array shape described once ({@link SharedShapeInfo}). On the CUDA backend: the task's thread
 * is bound to the GPU Spark assigned to the task. Logs the backend once per executor and each GPU binding once per
 * thread.
 */
public final class ExecutorBackend {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorBackend.class);
    private static final ThreadLocal<Integer> BOUND_GPU = new ThreadLocal<>();
    private static volatile boolean configured;
    private static volatile int threadsPerTask;
    private static volatile boolean warnedCpuWithGpu;

    private ExecutorBackend() {
    }

    /** Call at the start of every task that uses ND4J, on the task's thread. */
    static void prepareTask() {
        configureOnce();
        TaskContext task = TaskContext.get();
        if (task != null) {
            TaskGpu.of(task.resourcesJMap()).ifPresent(ExecutorBackend::useGpu);
        }
    }

    /**
     * Prepares the calling task and says what it runs on, e.g. {@code executor 1 (10.0.0.5): CpuBackend, 1 thread
     * per task}, {@code executor 3 (10.0.0.7): JCublasBackend, GPU 1 of 2} or {@code local mode: CpuBackend, ...}.
     */
    public static String describe() {
        prepareTask();
        SparkEnv env = SparkEnv.get();
        // Spark names the executor inside a local-mode driver "driver".
        String where = env == null || "driver".equals(env.executorId()) ? "local mode"
                : "executor " + env.executorId() + " (" + env.blockManager().blockManagerId().host() + ")";
        String backend = Nd4j.getBackend().getClass().getSimpleName();
        if (onCuda()) {
            return where + ": " + backend + ", GPU " + Nd4j.getAffinityManager().getDeviceForCurrentThread() + " of "
                    + Nd4j.getAffinityManager().getNumberOfDevices();
        }
        return where + ": " + backend + ", " + threadsPerTask + (threadsPerTask == 1 ? " thread" : " threads")
                + " per task";
    }

    private static synchronized void configureOnce() {
        if (configured) {
            return;
        }
        TaskContext task = TaskContext.get();
        int threads = task == null ? Runtime.getRuntime().availableProcessors() : Math.max(1, task.cpus());
        threadsPerTask = threads;
        if (onCuda()) {
            LOG.info("sparkfit executor: ND4J backend {} ({}), {} GPU(s) visible",
                    Nd4j.getBackend().getClass().getSimpleName(), Nd4j.getExecutioner().getClass().getSimpleName(),
                    Nd4j.getAffinityManager().getNumberOfDevices());
        } else {
            Nd4j.getEnvironment().setMaxThreads(threads);
            Nd4j.getEnvironment().setMaxMasterThreads(threads);
            Nd4j.factory().blas().setMaxThreads(threads);
            boolean sharedShapes = SharedShapeInfo.install();
            LOG.info("sparkfit executor: ND4J backend {} ({}), {} thread(s) per task, OMP_NUM_THREADS={}, JavaCPP "
                    + "maxbytes {}m, maxphysicalbytes {}m, shape descriptions {}",
                    Nd4j.getBackend().getClass().getSimpleName(),
                    Nd4j.getExecutioner().getClass().getSimpleName(), threads, System.getenv("OMP_NUM_THREADS"),
                    Pointer.maxBytes() >> 20, Pointer.maxPhysicalBytes() >> 20, sharedShapes ? "shared" : "ND4J's");
            OpenBlasCoreType.advice().ifPresent(advice -> LOG.warn("sparkfit executor: {}", advice));
        }
        configured = true;
    }

    private static void useGpu(int device) {
        if (!onCuda()) {
            if (!warnedCpuWithGpu) {
                warnedCpuWithGpu = true;
                LOG.warn("sparkfit executor: Spark assigned GPU {} to this task, but ND4J runs on the CPU backend; "
                        + "build sparkfit with -Pcuda to train on it", device);
            }
            return;
        }
        if (Integer.valueOf(device).equals(BOUND_GPU.get())) {
            return;
        }
        Nd4j.getAffinityManager().unsafeSetDevice(device);
        BOUND_GPU.set(device);
        LOG.info("sparkfit executor: thread {} bound to GPU {} (ND4J device {} of {})",
                Thread.currentThread().getName(), device, Nd4j.getAffinityManager().getDeviceForCurrentThread(),
                Nd4j.getAffinityManager().getNumberOfDevices());
    }

    private static boolean onCuda() {
        return Nd4j.getBackend().getClass().getSimpleName().contains("Cublas");
    }
}
