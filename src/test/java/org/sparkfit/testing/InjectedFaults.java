package org.sparkfit.testing;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.SparkContext;
import org.apache.spark.TaskContext;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;
import org.apache.spark.util.AccumulatorV2;
import org.sparkfit.driver.train.TrainingStage;
import org.sparkfit.worker.EpochProgress;
import scala.collection.JavaConverters;

/**
 * Faults the tests inject into sparkfit's training stage from outside its code, as a Spark plugin
 * ({@code spark.plugins=org.sparkfit.testing.InjectedFaults}), to check that a failed task or a lost executor is
 * recovered from and changes nothing. A fault fires in the task of one partition on the run's first attempt at its
 * training stage (told apart by the job property {@link TrainingStage#ATTEMPT_PROPERTY}), once that task has ended
 * a given number of rounds (its {@link EpochProgress#ROUNDS} accumulator, which a thread of the plugin watches), so
 * in the middle of the run:
 * <ul>
 *   <li>{@link #failFirstAttempt} (a local context, in this JVM): Spark kills the task, as a person killing it in
 *       Spark's UI would, and the other task is left waiting for it;</li>
 *   <li>{@value #HALT} {@code =ROUNDS/PARTITION} (Spark configuration, on a cluster): the executor's JVM halts, as a
 *       killed executor would, and the task's ring neighbour is left waiting for it.</li>
 * </ul>
 */
public final class InjectedFaults implements SparkPlugin {
    /** The Spark setting that halts an executor: {@code ROUNDS/PARTITION}. */
    public static final String HALT = "spark.sparkfit.faults.halt";
    private static final AtomicReference<String> FAIL = new AtomicReference<>();
    private static final long WATCH_MILLIS = 5;

    /**
     * The plugin as {@code spark-submit} options in client mode, halting the executor of {@code partition} once its
     * task has ended {@code rounds} rounds: the driver loads it from {@code jar} as a user jar, the executors from
     * their extra classpath.
     */
    public static String[] submitOptions(String jar, int rounds, int partition) {
        return new String[] {"--conf", "spark.plugins=" + InjectedFaults.class.getName(), "--conf",
            HALT + "=" + rounds + "/" + partition, "--jars", jar, "--conf",
            "spark.executor.extraClassPath=" + jar};
    }

    /**
     * Kills the task of {@code partition} on the first attempt at a training stage once it has ended
     * {@code rounds} rounds, once, in this JVM's executor, until closed.
     */
    public static AutoCloseable failFirstAttempt(int rounds, int partition) {
        FAIL.set(rounds + "/" + partition);
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
                TaskContext task = TaskContext.get();
                if (!"0".equals(task.getLocalProperty(TrainingStage.ATTEMPT_PROPERTY))) {
                    return;
                }
                if (halt != null && partition(halt) == task.partitionId()) {
                    watch(task, rounds(halt), () -> Runtime.getRuntime().halt(137));
                }
                String fail = FAIL.get();
                if (fail != null && partition(fail) == task.partitionId() && FAIL.compareAndSet(fail, null)) {
                    watch(task, rounds(fail), () -> SparkContext.getOrCreate().killTaskAttempt(task.taskAttemptId(),
                            true, "injected fault"));
                }
            }
        };
    }

    private static int rounds(String fault) {
        return Integer.parseInt(fault.substring(0, fault.indexOf('/')));
    }

    private static int partition(String fault) {
        return Integer.parseInt(fault.substring(fault.indexOf('/') + 1));
    }

    /** Runs {@code fault} once {@code task} has ended {@code rounds} rounds, on a thread of its own. */
    private static void watch(TaskContext task, int rounds, Runnable fault) {
        Thread watcher = new Thread(() -> {
            try {
                while (!task.isCompleted() && roundsEnded(task) < rounds) {
                    Thread.sleep(WATCH_MILLIS);
                }
                if (!task.isCompleted()) {
                    fault.run();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "sparkfit-injected-fault");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static long roundsEnded(TaskContext task) {
        for (AccumulatorV2<?, ?> accumulator : JavaConverters.seqAsJavaList(task.taskMetrics().accumulators())) {
            if (accumulator.name().isDefined() && accumulator.name().get().equals(EpochProgress.ROUNDS)) {
                return (Long) accumulator.value();
            }
        }
        return 0;
    }
}
