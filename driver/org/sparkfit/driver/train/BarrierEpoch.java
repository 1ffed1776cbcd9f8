package org.sparkfit.driver.train;

import java.time.Duration;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparkfit.driver.UserInputException;
import org.sparkfit.worker.EpochResult;
import org.sparkfit.worker.EpochStart;
import org.sparkfit.worker.EpochTask;
import org.sparkfit.worker.FlatState;
import org.sparkfit.worker.LocalTrainers;
import org.sparkfit.worker.Scores;
import org.sparkfit.worker.TrainingSpec;
import org.sparkfit.worker.cache.StoredPart;
import scala.Tuple2;
import scala.reflect.ClassTag$;

/**
 * An epoch as one Spark job of one barrier stage: every worker's task starts together, keeps its cached training
 * and held-out partitions and its network for all the epoch's rounds, exchanges state directly with the other tasks
 * (the driver only schedules them and hosts their rendezvous), and scores its held-out part at the end. A failed
 * task fails the stage, and the driver runs all its tasks again from the epoch's starting state, so a retried epoch
 * ends exactly as an unfaulted one.
 */
public final class BarrierEpoch implements AutoCloseable {
    /** How long a task waits for its neighbours in the ring before it gives up. */
    static final Duration EXCHANGE_TIMEOUT = Duration.ofMinutes(5);
    /** The job property naming the epoch (from 1) an epoch's job trains, for Spark listeners and plugins. */
    public static final String EPOCH_PROPERTY = "sparkfit.epoch";
    /** The job property naming the driver's attempt (from 0) at that epoch. */
    public static final String ATTEMPT_PROPERTY = "sparkfit.epoch.attempt";
    private static final Logger LOG = LoggerFactory.getLogger(BarrierEpoch.class);

    private final JavaSparkContext sc;
    private final TrainingSpec spec;
    private final TrainingListener listener;
    private final RingTracker tracker;
    /** This run's name for the trainers its workers keep between epochs. */
    private final String run = java.util.UUID.randomUUID().toString();
    /** The training set of the last epoch, whose tasks' executors hold those trainers; null before one. */
    private PartitionedData trained;
    /** The state every worker's network ended the last epoch with (partition 0's result); null when they differ. */
    private float[] heldByWorkers;
    /** Its fingerprint, as the workers computed it. */
    private long heldFingerprint;

    /**
     * Opens the driver's rendezvous tracker for the tasks of every epoch; {@link #close} closes it and frees the
     * workers' trainers.
     */
    BarrierEpoch(JavaSparkContext sc, TrainingSpec spec, TrainingListener listener) {
        this.sc = sc;
        this.spec = spec;
        this.listener = listener;
        this.tracker = RingTracker.start(sc.getConf());
    }

    @Override
    public void close() {
        tracker.close();
        if (trained == null) {
            return;
        }
        // The trainers live where the training set's parts are cached, where Spark sends these tasks too; an
        // executor this misses drops them once they have been idle long enough.
        String ended = run;
        sc.setJobDescription("sparkfit: free the workers' networks");
        try {
            trained.rdd().foreachPartition(part -> LocalTrainers.release(ended));
        } catch (RuntimeException e) {
            LOG.warn("Could not free the workers' networks: {}", e.getMessage());
        }
    }

    /**
     * Refuses, before any stage runs, what a barrier stage cannot do: dynamic allocation, and in local mode more
     * workers than task slots (a cluster's slots are counted by Spark when the stage is submitted; it waits up to
     * a minute for executors, then fails, and {@link #run} names the setting).
     */
    public static void checkConditions(JavaSparkContext sc, int workers) {
        if (sc.getConf().getBoolean("spark.dynamicAllocation.enabled", false)) {
            throw dynamicAllocation(null);
        }
        if (sc.isLocal()) {
            int slots = sc.defaultParallelism() / sc.getConf().getInt("spark.task.cpus", 1);
            if (workers > slots) {
                throw tooFewSlots(workers, slots + " in " + sc.master(), null);
            }
        }
    }

    private static UserInputException tooFewSlots(int workers, String slots, Throwable cause) {
        return new UserInputException("spark.workers: " + workers + " workers train at once in one barrier stage "
                + "and need " + workers + " task slots, but there are " + slots + "; lower spark.workers, or give "
                + "Spark more cores or executors (spark.task.cpus and GPUs per task count too)", cause);
    }

    private static UserInputException dynamicAllocation(Throwable cause) {
        return new UserInputException("spark.dynamicAllocation.enabled: sparkfit's workers train in one barrier "
                + "stage, which needs a fixed set of executors; set it to false", cause);
    }

    /**
     * What an epoch's stage returns, merged over its tasks, with the time of its slowest task's parts, every
     * task's fit time summed, and the stage's wall time.
     */
    record Outcome(float[] state, int iteration, Scores training, Scores heldOut, double fitSeconds,
                   double waitSeconds, double exchangeSeconds, double evaluationSeconds, double fitSecondsAllWorkers,
                   double stageSeconds) {
    }

    /**
     * Trains epoch {@code epoch} (0-based) from {@code state}. The workers' networks keep the epoch's final state,
     * so the next epoch's job carries only its fingerprint when every worker ended on it. A failed attempt (a task
     * or executor lost, or a worker that does not hold the state) fails the whole barrier stage; the epoch then runs
     * again from {@code state}, sent with the job, up to {@code spark.stage.maxConsecutiveAttempts} times, as Spark
     * would retry a barrier stage that ends in a shuffle. Returning the results straight from the barrier stage
     * saves that shuffle and its second stage.
     *
     * @throws TrainingDivergedException when a round's loss or averaged state is not finite
     */
    Outcome run(PartitionedData train, PartitionedData test, float[] state, int epoch, int iteration, int rounds,
                int largestBatches) {
        int workers = train.rdd().getNumPartitions();
        long stageStart = System.nanoTime();
        boolean heldState = state == heldByWorkers;
        long fingerprint = heldState ? heldFingerprint : FlatState.fingerprint(state);
        heldByWorkers = null;
        int attempts = sc.getConf().getInt("spark.stage.maxConsecutiveAttempts", 4);
        List<EpochResult> results = null;
        Exception lastFailure = null;
        for (int attempt = 0; results == null; attempt++) {
            boolean held = attempt == 0 && heldState;
            Broadcast<float[]> sent = held ? null : sc.broadcast(state);
            try {
                results = attempt(train, test, new EpochStart(fingerprint, held ? null : sent::value), epoch,
                        iteration, rounds, largestBatches, attempt);
            } catch (Exception e) {
                if (attempt + 1 >= attempts || !failedBarrierStage(e)) {
                    if (lastFailure != null) {
                        // What ended an earlier attempt may say more (an executor out of memory before Spark stopped).
                        e.addSuppressed(lastFailure);
                    }
                    throw barrierConditions(e, workers);
                }
                lastFailure = e;
                LOG.warn("Epoch {} failed on attempt {} of {}; running it again from its start: {}", epoch + 1,
                        attempt + 1, attempts, cause(e));
            } finally {
                if (sent != null) {
                    sent.destroy();
                }
            }
        }
        double stageSeconds = (System.nanoTime() - stageStart) / 1e9;
        EpochResult first = results.stream().min(Comparator.comparingInt(EpochResult::partition)).orElseThrow();
        if (first.divergence() != null) {
            throw new TrainingDivergedException(epoch + 1, first.divergedRound() + 1, first.divergence());
        }
        Scores training = spec.newScores();
        Scores heldOut = spec.newScores();
        double fitAll = 0;
        EpochResult.Times slowest = first.times();
        boolean sameEnd = true;
        for (EpochResult result : results) {
            training.merge(result.training());
            heldOut.merge(result.heldOut());
            fitAll += result.times().fitSeconds();
            slowest = result.times().totalSeconds() > slowest.totalSeconds() ? result.times() : slowest;
            sameEnd &= result.fingerprint() == first.fingerprint();
        }
        heldByWorkers = sameEnd ? first.state() : null;
        heldFingerprint = first.fingerprint();
        return new Outcome(first.state(), first.iteration(), training, heldOut, slowest.fitSeconds(),
                slowest.waitSeconds(), slowest.exchangeSeconds(), slowest.evaluationSeconds(), fitAll, stageSeconds);
    }

    /** One attempt at an epoch: one job of one barrier stage, whose tasks return their results. */
    private List<EpochResult> attempt(PartitionedData train, PartitionedData test, EpochStart start, int epoch,
                                      int iteration, int rounds, int largestBatches, int attempt) {
        int workers = train.rdd().getNumPartitions();
        trained = train;
        sc.setLocalProperty(EPOCH_PROPERTY, Integer.toString(epoch + 1));
        sc.setLocalProperty(ATTEMPT_PROPERTY, Integer.toString(attempt));
        try (RoundProgress progress = RoundProgress.watch(sc, listener, workers)) {
            JavaRDD<Tuple2<StoredPart, StoredPart>> pairs = train.rdd().zipPartitions(test.rdd(),
                    (trainPart, testPart) -> Collections.singletonList(new Tuple2<>(trainPart.next(),
                            testPart.next())).iterator());
            EpochTask task = new EpochTask(spec, run, start, epoch, iteration, rounds, largestBatches,
                    progress.progress(), EXCHANGE_TIMEOUT, tracker.address());
            return JobWait.result(sc, pairs.rdd().barrier().mapPartitions(task, false,
                    ClassTag$.MODULE$.apply(EpochResult.class)).toJavaRDD().collectAsync(), "epoch " + (epoch + 1));
        } finally {
            sc.setLocalProperty(EPOCH_PROPERTY, null);
            sc.setLocalProperty(ATTEMPT_PROPERTY, null);
        }
    }

    /** The line of Spark's message for a failed barrier stage that says what failed in the task. */
    private static String cause(Exception e) {
        List<String> lines = String.valueOf(e.getMessage()).lines().limit(2).toList();
        return lines.get(lines.size() - 1).strip();
    }

    /** Whether {@code e} is Spark's failure of a barrier stage's attempt (a task or its executor lost). */
    private static boolean failedBarrierStage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("Could not recover from a failed barrier "
                    + "ResultStage")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Spark's refusals of a barrier stage as one line naming the setting: fewer free task slots than workers, or
     * dynamic allocation.
     */
    private RuntimeException barrierConditions(Exception e, int workers) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage();
            if (message.contains("more slots than the total number of slots")) {
                return tooFewSlots(workers, "fewer in the cluster after a minute's wait", e);
            }
            if (message.contains("does not support dynamic resource allocation")) {
                return dynamicAllocation(e);
            }
            if (t instanceof SparkException && t != e) {
                break;
            }
        }
        return e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getMessage(), e);
    }
}
