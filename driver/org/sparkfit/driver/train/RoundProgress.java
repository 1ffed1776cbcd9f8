package org.sparkfit.driver.train;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.sparkfit.worker.EpochProgress;
import org.sparkfit.worker.Scores;
import scala.Tuple4;
import scala.collection.JavaConverters;

/**
 * The driver's view of the current epoch's rounds while a training stage runs: the tasks add to
 * {@link EpochProgress}'s accumulators after each round, executors report running tasks' accumulators with every
 * heartbeat ({@code spark.executor.heartbeatInterval}, which sparkfit sets to one second unless given), and this
 * listener turns them into the listener's round updates, less what the stage's epochs already taken counted. It
 * costs the rounds nothing: no job, no message of their own.
 */
final class RoundProgress extends SparkListener implements AutoCloseable {
    private final JavaSparkContext sc;
    private final EpochProgress.Accumulators progress;
    private final TrainingListener listener;
    private final int workers;
    private final int roundsPerEpoch;
    private final Map<Long, long[]> roundsAndExamples = new ConcurrentHashMap<>();
    private final Map<Long, Double> losses = new ConcurrentHashMap<>();
    private int reported;
    private int epochsTaken;
    private long examplesTaken;
    private double lossTaken;

    private RoundProgress(JavaSparkContext sc, EpochProgress.Accumulators progress, TrainingListener listener,
                          int workers, int roundsPerEpoch) {
        this.sc = sc;
        this.progress = progress;
        this.listener = listener;
        this.workers = workers;
        this.roundsPerEpoch = roundsPerEpoch;
    }

    /** Fresh accumulators for one training stage, watched until {@link #close()}. */
    static RoundProgress watch(JavaSparkContext sc, TrainingListener listener, int workers, int roundsPerEpoch) {
        EpochProgress.Accumulators progress = new EpochProgress.Accumulators(
                sc.sc().longAccumulator(EpochProgress.ROUNDS), sc.sc().longAccumulator("sparkfit examples"),
                sc.sc().doubleAccumulator("sparkfit loss"));
        RoundProgress watcher = new RoundProgress(sc, progress, listener, workers, roundsPerEpoch);
        sc.sc().addSparkListener(watcher);
        return watcher;
    }

    EpochProgress progress() {
        return progress;
    }

    @Override
    public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate update) {
        for (Tuple4<Object, Object, Object, scala.collection.Seq<AccumulableInfo>> task
                : JavaConverters.seqAsJavaListConverter(update.accumUpdates()).asJava()) {
            long taskId = (Long) task._1();
            long[] counts = roundsAndExamples.computeIfAbsent(taskId, id -> new long[2]);
            for (AccumulableInfo info : JavaConverters.seqAsJavaListConverter(task._4()).asJava()) {
                if (info.update().isEmpty()) {
                    continue;
                }
                Object value = info.update().get();
                if (info.id() == progress.rounds().id()) {
                    counts[0] = (Long) value;
                } else if (info.id() == progress.examples().id()) {
                    counts[1] = (Long) value;
                } else if (info.id() == progress.lossSum().id()) {
                    losses.put(taskId, (Double) value);
                }
            }
        }
        report();
    }

    /**
     * The driver took an epoch (after its listener heard of it), whose rounds the tasks' accumulators go on
     * counting: the next epoch's start at 0.
     */
    synchronized void epochEnded(Scores training) {
        epochsTaken++;
        examplesTaken += training.examples();
        lossTaken += training.lossSum();
        reported = 0;
    }

    private synchronized void report() {
        List<long[]> tasks = List.copyOf(roundsAndExamples.values());
        long rounds = tasks.stream().mapToLong(c -> c[0]).sum() / workers - (long) epochsTaken * roundsPerEpoch;
        long examples = tasks.stream().mapToLong(c -> c[1]).sum() - examplesTaken;
        double loss = losses.values().stream().mapToDouble(Double::doubleValue).sum() - lossTaken;
        // Above an epoch's rounds, the tasks count the next epoch's before the driver has taken this one.
        if (rounds > reported && rounds <= roundsPerEpoch && examples > 0) {
            reported = (int) rounds;
            listener.roundFinished(reported, examples, loss / examples);
        }
    }

    @Override
    public void close() {
        sc.sc().removeSparkListener(this);
    }
}
