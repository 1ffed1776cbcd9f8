package org.sparkfit.driver.train;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparkfit.driver.UserInputException;
import org.sparkfit.worker.EpochReport;
import org.sparkfit.worker.EpochResult;
import org.sparkfit.worker.EpochTask;
import org.sparkfit.worker.LocalTrainers;
import org.sparkfit.worker.Scores;
import org.sparkfit.worker.TrainingSpec;
import org.sparkfit.worker.cache.StoredPart;
import scala.Tuple2;
import scala.reflect.ClassTag$;

/**
 * A run's epochs as one Spark job of one barrier stage: every worker's task starts together, keeps its cached
 * training and held-out partitions and its network for all the epochs, exchanges state directly with the other
 * tasks every round (the driver only schedules them and hosts their rendezvous), scores its held-out part after
 * each epoch and reports it ({@link EpochReport}); the driver takes each epoch as its last report arrives (its
 * history, checkpoint and early stopping, through an {@link EpochHandler}) and answers go on or stop, while the
 * tasks already fit the next epoch's first round (they read the answer before its first exchange). Scheduling a
 * stage is thus paid once per run, not once per epoch, and taking an epoch costs the tasks nothing. A failed task
 * fails the stage, and the driver runs a new one from the last epoch it took, so a run with a retried stage ends
 * exactly as an unfaulted one.
 */
public final class TrainingStage implements AutoCloseable {
    /** How long a task waits for its neighbours in the ring, or for the driver's answer, before it gives up. */
    static final Duration EXCHANGE_TIMEOUT = Duration.ofMinutes(5);
    /** The job property naming the first epoch (from 1) a training stage's job trains, for listeners and plugins. */
    public static final String EPOCH_PROPERTY = "sparkfit.epoch";
    /** The job property counting the driver's failed attempts (from 0) before that job since it last took an epoch. */
    public static final String ATTEMPT_PROPERTY = "sparkfit.epoch.attempt";
    private static final Logger LOG = LoggerFactory.getLogger(TrainingStage.class);
    private static final long POLL_MILLIS = 100;

    private final JavaSparkContext sc;
    private final TrainingSpec spec;
    private final TrainingListener listener;
    private final RingTracker tracker;
    /** This run's name for the trainers its workers keep, and (with a count) for each stage attempt. */
    private final String run = java.util.UUID.randomUUID().toString();
    /** The training set of the last stage, whose tasks' executors hold those trainers; null before one. */
    private PartitionedData trained;
    private int stages;

    /** Takes each epoch of a training stage as its tasks report it. */
    @FunctionalInterface
    interface EpochHandler {

        /** Takes epoch {@code outcome}; true when training stops after it (early stopping). */
        boolean ended(Outcome outcome);
    }

    /**
     * Opens the driver's tracker for the tasks' rendezvous and reports; {@link #close} closes it and frees the
     * workers' trainers.
     */
    TrainingStage(JavaSparkContext sc, TrainingSpec spec, TrainingListener listener) {
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
     * One epoch of a training stage, merged over its tasks: the state and iteration count after it, its scores,
     * the time of its slowest task's parts, every task's fit time summed, the epoch's wall time in the stage (from
     * when it could start, the epoch before's last report or the stage's submission, until its last report
     * arrived) and when that was ({@link System#nanoTime}).
     *
     * @param epoch 0-based
     */
    record Outcome(int epoch, float[] state, int iteration, Scores training, Scores heldOut, double fitSeconds,
                   double waitSeconds, double exchangeSeconds, double evaluationSeconds, double fitSecondsAllWorkers,
                   double stageSeconds, long arrivedNanos) {
    }

    /**
     * Trains epochs {@code epoch} (0-based) to {@code epochs} from {@code state}, handing each to {@code handler}
     * as it ends, until the last or until the handler says stop. A failed attempt (a task or executor lost) fails
     * the barrier stage; the driver then runs a new one from the last epoch it took, with that epoch's state, up to
     * {@code spark.stage.maxConsecutiveAttempts} times in a row, as Spark would retry a barrier stage that ends in a
     * shuffle.
     *
     * @param name the job's name, for Spark's UI
     * @throws TrainingDivergedException when a round's loss or averaged state is not finite
     */
    void run(String name, PartitionedData train, PartitionedData test, float[] state, int epoch, int epochs,
             int iteration, int rounds, int largestBatches, EpochHandler handler) {
        int workers = train.rdd().getNumPartitions();
        int attempts = sc.getConf().getInt("spark.stage.maxConsecutiveAttempts", 4);
        Exception lastFailure = null;
        int failures = 0;
        long epochStart = System.nanoTime();
        while (epoch < epochs) {
            String attempt = run + "/" + stages++;
            sc.setJobGroup("sparkfit-" + name, String.format("sparkfit %s epochs %d-%d/%d (%d rounds each, and "
                    + "evaluation)", name, epoch + 1, epochs, epochs, rounds), false);
            sc.setLocalProperty(EPOCH_PROPERTY, Integer.toString(epoch + 1));
            sc.setLocalProperty(ATTEMPT_PROPERTY, Integer.toString(failures));
            Broadcast<float[]> sent = sc.broadcast(state);
            JavaFutureAction<List<EpochResult>> job = null;
            trained = train;
            try (RoundProgress progress = RoundProgress.watch(sc, listener, workers, rounds)) {
                job = submit(train, test, new EpochTask(spec, run, attempt, sent::value, epoch, epochs, iteration,
                        rounds, largestBatches, progress.progress(), EXCHANGE_TIMEOUT, tracker.address()));
                while (true) {
                    EpochReports reports = tracker.next(attempt, POLL_MILLIS);
                    if (reports != null) {
                        long arrived = System.nanoTime();
                        boolean goOn = false;
                        try {
                            Outcome outcome = outcome(reports, (arrived - epochStart) / 1e9, arrived);
                            goOn = !handler.ended(outcome) && epoch + 1 < epochs;
                            progress.epochEnded(outcome.training());
                            state = outcome.state();
                            iteration = outcome.iteration();
                        } finally {
                            reports.answer(goOn);
                        }
                        epoch = goOn ? epoch + 1 : epochs;
                        // The tasks went on with the next epoch as they reported this one.
                        epochStart = arrived;
                        failures = 0;
                        lastFailure = null;
                    } else if (JobWait.ended(sc, job, "the training stage")) {
                        if (epoch < epochs) {
                            throw new IllegalStateException("the training stage ended without reporting epoch "
                                    + (epoch + 1));
                        }
                        break;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("training was interrupted at epoch " + (epoch + 1), e);
            } catch (RuntimeException e) {
                if (epoch >= epochs && failedBarrierStage(e)) {
                    LOG.warn("The training stage failed after its last epoch, which the driver had taken: {}",
                            cause(e));
                    break;
                }
                if (++failures >= attempts || !failedBarrierStage(e)) {
                    if (lastFailure != null) {
                        // What ended an earlier attempt may say more (an executor out of memory before Spark stopped).
                        e.addSuppressed(lastFailure);
                    }
                    throw barrierConditions(e, workers);
                }
                lastFailure = e;
                LOG.warn("The training stage failed in epoch {} (attempt {} of {}); running a new one from that "
                        + "epoch's start: {}", epoch + 1, failures, attempts, cause(e));
            } finally {
                if (job != null && !job.isDone()) {
                    job.cancel(true);
                }
                sent.destroy();
                sc.setLocalProperty(EPOCH_PROPERTY, null);
                sc.setLocalProperty(ATTEMPT_PROPERTY, null);
            }
        }
        sc.clearJobGroup();
    }

    /**
     * An epoch's reports merged: partition 0's state, every part's scores, the slowest task's time.
     *
     * @throws TrainingDivergedException when the epoch's rounds diverged
     */
    private Outcome outcome(EpochReports reports, double stageSeconds, long arrivedNanos) {
        List<EpochResult> results = reports.results();
        EpochResult first = results.get(0);
        if (first.divergence() != null) {
            throw new TrainingDivergedException(reports.epoch() + 1, first.divergedRound() + 1, first.divergence());
        }
        Scores training = spec.newScores();
        Scores heldOut = spec.newScores();
        double fitAll = 0;
        EpochResult.Times slowest = first.times();
        for (EpochResult result : results) {
            if (result.fingerprint() != first.fingerprint()) {
                throw new IllegalStateException("the workers ended epoch " + (reports.epoch() + 1) + " on different "
                        + "states (partition " + result.partition() + "'s differs from partition 0's)");
            }
            training.merge(result.training());
            heldOut.merge(result.heldOut());
            fitAll += result.times().fitSeconds();
            slowest = result.times().totalSeconds() > slowest.totalSeconds() ? result.times() : slowest;
        }
        return new Outcome(reports.epoch(), first.state(), first.iteration(), training, heldOut,
                slowest.fitSeconds(), slowest.waitSeconds(), slowest.exchangeSeconds(), slowest.evaluationSeconds(),
                fitAll, stageSeconds, arrivedNanos);
    }

    /** One attempt's job: one barrier stage, whose tasks report their epochs and return nothing. */
    private JavaFutureAction<List<EpochResult>> submit(PartitionedData train, PartitionedData test, EpochTask task) {
        JavaRDD<Tuple2<StoredPart, StoredPart>> pairs = train.rdd().zipPartitions(test.rdd(),
                (trainPart, testPart) -> Collections.singletonList(new Tuple2<>(trainPart.next(),
                        testPart.next())).iterator());
        return pairs.rdd().barrier().mapPartitions(task, false, ClassTag$.MODULE$.apply(EpochResult.class))
                .toJavaRDD().collectAsync();
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
