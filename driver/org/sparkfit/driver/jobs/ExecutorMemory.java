package org.sparkfit.driver.jobs;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.apache.spark.SparkConf;
import org.sparkfit.driver.ConfigException;
import org.sparkfit.driver.model.LayerPlan;
import org.sparkfit.driver.model.NetworkPlan;

/**
 * Executor memory sized from the model and batch size. ND4J keeps its arrays off the JVM heap, where Spark does
 * not count them: unless {@code spark.executor.memoryOverhead} leaves room for them, YARN and Kubernetes kill the
 * executor. Applied only where the user set nothing, and never in local mode (the executors are the driver's JVM).
 *
 * @param offHeapBytes  what one task's network needs off-heap: parameters, gradients, optimizer state, the flat
 *                      copy exchanged with the driver, the activations of a mini-batch and every convolution's
 *                      im2col matrix (the worker keeps them for the backward pass), doubled for ND4J's workspaces
 * @param overheadBytes {@code spark.executor.memoryOverhead}: the off-heap need plus room for ND4J's native
 *                      libraries and the JVM's own non-heap memory
 */
public record ExecutorMemory(long offHeapBytes, long overheadBytes) {
    private static final long MIB = 1L << 20;
    /**
     * libnd4j and its BLAS, thread stacks, metaspace and Spark's network buffers. An executor training the
     * 784-512-10 network here measured 100-200 MB of RSS beyond its committed heap; this leaves a margin over that.
     */
    private static final long NATIVE_BASE = 512 * MIB;
    /** Parameters, gradients, two optimizer-state arrays (Adam's, the most any optimizer keeps), the flat copy. */
    private static final int MODEL_COPIES = 5;
    /** Forward activations, backward errors, and the workspace copies between them. */
    private static final int ACTIVATION_COPIES = 3;

    public static ExecutorMemory estimate(NetworkPlan plan, int batchSize) {
        long model = Float.BYTES * plan.totalParams() * MODEL_COPIES;
        long width = plan.inputWidth() + plan.layers().stream().map(LayerPlan::outputShape)
                .mapToLong(shape -> Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b)).sum();
        long activations = (long) Float.BYTES * batchSize * width * ACTIVATION_COPIES;
        long im2col = (long) Float.BYTES * batchSize * plan.layers().stream()
                .mapToLong(layer -> layer.config().scratch(layer.input(), layer.output())).sum();
        long offHeap = roundUpToMib(2 * (model + activations + im2col));
        return new ExecutorMemory(offHeap, offHeap + NATIVE_BASE);
    }

    /**
     * Refuses, before Spark starts, a model sparkfit cannot hold: more than 2^31 - 1 parameters (its state travels
     * as one float array), or, in local mode, a need beyond this machine's memory. Names the largest layer.
     */
    public void requireFits(NetworkPlan plan, boolean local) {
        int largest = 0;
        for (int i = 1; i < plan.layers().size(); i++) {
            largest = plan.layers().get(i).params() > plan.layers().get(largest).params() ? i : largest;
        }
        String key = "model.layers[" + largest + "]";
        String sizes = String.format("the model has %,d parameters (this layer %,d)", plan.totalParams(),
                plan.layers().get(largest).params());
        if (plan.totalParams() > Integer.MAX_VALUE - 8) {
            throw new ConfigException(key, sizes + ", more than the 2,147,483,639 sparkfit can train (it exchanges "
                    + "them as one float array); make the layer smaller");
        }
        long machine = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        if (local && offHeapBytes > machine) {
            throw new ConfigException(key, String.format("%s and needs about %,d MiB to train, more than this "
                    + "machine's %,d MiB; make the layer smaller or lower fit.batch_size", sizes, offHeapBytes / MIB,
                    machine / MIB));
        }
    }

    /**
     * Sets {@code spark.executor.memoryOverhead} and JavaCPP's limits ({@code org.bytedeco.javacpp.maxbytes}: the
     * off-heap need; {@code maxphysicalbytes}: heap plus overhead, the executor's whole container) unless given.
     */
    public void applyTo(SparkConf conf) {
        String master = conf.get("spark.master", "local[*]");
        if (master.startsWith("local")) {
            return;
        }
        long heap = conf.getSizeAsBytes("spark.executor.memory", "1g");
        long overhead = Math.max(overheadBytes, Math.max(384 * MIB, heap / 10));
        conf.setIfMissing("spark.executor.memoryOverhead", overhead / MIB + "m");
        overhead = conf.getSizeAsMb("spark.executor.memoryOverhead", overhead / MIB + "m") * MIB;
        String options = conf.get("spark.executor.extraJavaOptions", "");
        if (!options.contains("org.bytedeco.javacpp.maxbytes")) {
            options = (options + " -Dorg.bytedeco.javacpp.maxbytes=" + offHeapBytes / MIB + "m"
                    + " -Dorg.bytedeco.javacpp.maxphysicalbytes=" + (heap + overhead) / MIB + "m").trim();
            conf.set("spark.executor.extraJavaOptions", options);
        }
    }

    private static long roundUpToMib(long bytes) {
        return (bytes + MIB - 1) / MIB * MIB;
    }
}
