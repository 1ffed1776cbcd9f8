package org.sparkfit.testing;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.TaskContext;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;
import org.apache.spark.util.TaskCompletionListener;
import org.sparkfit.driver.train.BarrierEpoch;

/**
 * Faults the tests inject into sparkfit's epochs from outside its code, as a Spark plugin
 * ({@code spark.plugins=org.sparkfit.testing.InjectedFaults}), to check that a failed task or a lost executor is
 * recovered from and changes nothing. A fault fires in the task of one partition on the driver's first attempt at
 * one epoch, told apart by the job properties {@link BarrierEpoch#EPOCH_PROPERTY} and
 * {@link BarrierEpoch#ATTEMPT_PROPERTY}:
 * <ul>
 *   <li>{@link #failFirstAttempt} (a local context, in this JVM): the task fails when it ends, after it trained all
 *       the epoch's rounds, so its network has moved on and the retried epoch must start again from the state the
 *       driver sends;</li>
 *   <li>{@value #HALT} {@code =EPOCH/PARTITION} (Spark configuration, on a cluster): the executor's JVM halts as the
 *       task starts, as a killed executor would, and the task's ring neighbour is left waiting for it.</li>
 * </ul>
 */
public final class InjectedFaults implements SparkPlugin {
    /** The Spark setting that halts an executor: {@code EPOCH/PARTITION}, epoch from 1. */
    public static final String HALT = "spark.sparkfit.faults.halt";
    private static final AtomicReference<String> FAIL = new AtomicReference<>();

    /**
     * The plugin as {@code spark-submit} options in client mode, halting the executor of {@code partition} at
     * {@code epoch}: the driver loads it from {@code jar} as a user jar, the executors from their extra classpath.
     */
    public static String[] submitOptions(String jar, int epoch, int partition) {
        return new String[] {"--conf", "spark.plugins=" + InjectedFaults.class.getName(), "--conf",
            HALT + "=" + epoch + "/" + partition, "--jars", jar, "--conf",
            "spark.executor.extraClassPath=" + jar};
    }

    /**
     * Fails the task of {@code partition} on the first attempt at {@code epoch} (from 1), once, in this JVM's
     * executor, until closed.
     */
    public static AutoCloseable failFirstAttempt(int epoch, int partition) {
        FAIL.set(epoch + "/" + partition);
        return () -> FAIL.set(null);
    }

    @Override
    public DriverPlugin driverPlugin() {
        return null;
    }

    @Override
    public ExecutorPlugin executorPlugin() {
        return new ExecutorPlugin() {
            private String halt;

            @Override
            public void init(PluginContext context, Map<String, String> extraConf) {
                halt = context.conf().get(HALT, null);
            }

            @Override
            public void onTaskStart() {
                String task = firstAttemptAt(TaskContext.get());
                if (task == null) {
                    return;
                }
                if (task.equals(halt)) {
                    Runtime.getRuntime().halt(137);
                }
                if (task.equals(FAIL.getAndUpdate(fault -> task.equals(fault) ? null : fault))) {
                    TaskContext.get().addTaskCompletionListener((TaskCompletionListener) context -> {
                        throw new IllegalStateException("injected fault: first attempt at epoch " + task);
                    });
                }
            }
        };
    }

    /** {@code EPOCH/PARTITION} of an epoch's task on its first attempt; null for any other task. */
    private static String firstAttemptAt(TaskContext task) {
        String epoch = task.getLocalProperty(BarrierEpoch.EPOCH_PROPERTY);
        return epoch != null && "0".equals(task.getLocalProperty(BarrierEpoch.ATTEMPT_PROPERTY))
                ? epoch + "/" + task.partitionId() : null;
    }
}
