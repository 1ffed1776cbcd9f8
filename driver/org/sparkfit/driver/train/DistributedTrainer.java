package org.sparkfit.driver.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.sparkfit.driver.config.EarlyStoppingConfig;
import org.sparkfit.worker.RoundResult;
import org.sparkfit.worker.RoundTask;
import org.sparkfit.worker.Scores;
import org.sparkfit.worker.TrainingSpec;

/**
 * Synchronous parameter averaging on plain Spark: each round broadcasts one flat array (parameters and optimizer
 * state), every partition fits {@code averaging_frequency} mini-batches from it, and the example-weighted sum of
 * the returned states, divided by the examples, starts the next round. After each epoch the model is scored on
 * the held-out set.
 */
public final class DistributedTrainer {
    private static final int TREE_DEPTH = 2;

    private final JavaSparkContext sc;
    private final PreparedJob job;
    private final TrainingListener listener;

    public DistributedTrainer(JavaSparkContext sc, PreparedJob job, TrainingListener listener) {
        this.sc = sc;
        this.job = job;
        this.listener = listener;
    }

    /**
     * Trains from {@code start} (a fresh state or a checkpoint) to the job's last epoch, or until early stopping
     * says stop; hands {@code onCheckpoint} a checkpoint every {@code fit.checkpoint.every} epochs and after the
     * last one.
     */
    public TrainingOutcome fit(PartitionedData train, PartitionedData test, Checkpoint start,
                               Consumer<Checkpoint> onCheckpoint) {
        TrainingSpec spec = job.spec();
        List<String> metrics = job.config().compile().metrics();
        int epochs = job.config().fit().epochs();
        int every = job.config().fit().checkpoint().every();
        int batches = spec.batchesFor(train.largestPartition());
        int rounds = spec.roundsPerEpoch(train.largestPartition());
        String name = job.config().name();
        EarlyStoppingConfig stoppingConfig = job.config().fit().earlyStopping();
        EarlyStopping stopping = stoppingConfig == null ? null : new EarlyStopping(stoppingConfig, start.stopping());

        long startNanos = System.nanoTime();
        float[] state = start.state();
        int iteration = start.iteration();
        List<EpochRecord> history = new ArrayList<>(start.history());
        Scores heldOut = null;
        boolean stop = false;
        for (int epoch = start.epochsDone(); epoch < epochs && !stop; epoch++) {
            EpochTimer timer = new EpochTimer();
            listener.epochStarted(epoch + 1, epochs, rounds);
            Scores trainScores = null;
            for (int round = 0; round < rounds; round++) {
                sc.setJobGroup("sparkfit-" + name, String.format("sparkfit %s epoch %d/%d round %d/%d", name,
                        epoch + 1, epochs, round + 1, rounds), false);
                RoundResult result = round(train, state, epoch, round, iteration, timer);
                long averagingStart = System.nanoTime();
                iteration += Math.min(spec.averagingFrequency(), batches - round * spec.averagingFrequency());
                if (!Double.isFinite(result.scores().meanLoss())) {
                    throw new TrainingDivergedException(epoch + 1, round + 1, "the loss is "
                            + result.scores().meanLoss());
                }
                requireFinitePredictions(result.scores(), epoch + 1, round + 1);
                state = result.averageState();
                requireFinite(state, epoch + 1, round + 1);
                timer.averaging(seconds(averagingStart));
                trainScores = trainScores == null ? result.scores() : trainScores.merge(result.scores());
                listener.roundFinished(round + 1, trainScores.examples(), trainScores.meanLoss());
            }
            sc.setJobGroup("sparkfit-" + name, String.format("sparkfit %s epoch %d/%d evaluation", name, epoch + 1,
                    epochs), false);
            long evaluationStart = System.nanoTime();
            heldOut = Evaluator.evaluate(sc, spec, test, state);
            requireFinitePredictions(heldOut, epoch + 1, rounds);
            timer.evaluation(seconds(evaluationStart));
            Map<String, Double> values = new LinkedHashMap<>(MetricValues.of(trainScores, metrics, ""));
            values.putAll(MetricValues.of(heldOut, metrics, "val_"));
            double epochSeconds = timer.elapsed();
            EpochRecord record = new EpochRecord(epoch + 1, epochs, values, epochSeconds,
                    timer.breakdown(epochSeconds));
            history.add(record);
            listener.epochFinished(record);
            stop = stopping != null && stopping.update(epoch + 1, values, state);
            if ((epoch + 1) % every == 0 || epoch + 1 == epochs || stop) {
                onCheckpoint.accept(new Checkpoint(epoch + 1, iteration, state, List.copyOf(history),
                        stopping == null ? null : stopping.progress(), start.seconds() + seconds(startNanos)));
            }
        }
        float[] finalState = stopping == null ? state : stopping.finalState(state);
        if (heldOut == null || finalState != state) {
            // Resumed after the last epoch, or going back to the best epoch: score the state that is kept.
            sc.setJobGroup("sparkfit-" + name, "sparkfit " + name + " final evaluation", false);
            heldOut = Evaluator.evaluate(sc, spec, test, finalState);
        }
        sc.clearJobGroup();
        double trainSeconds = start.seconds() + seconds(startNanos);
        Map<String, Double> baseline = Baseline.of(spec.task(), train, test);
        return new TrainingOutcome(finalState, history, MetricValues.of(heldOut, metrics, ""), heldOut, baseline,
                trainSeconds);
    }

    /** One averaging round: broadcasts {@code state}, trains every partition from it, sums their results. */
    private RoundResult round(PartitionedData train, float[] state, int epoch, int round, int iteration,
                              EpochTimer timer) {
        long start = System.nanoTime();
        Broadcast<float[]> broadcast = sc.broadcast(state);
        long jobStart = System.nanoTime();
        try {
            RoundResult result = train.rdd().mapPartitions(new RoundTask(job.spec(), broadcast, epoch, round,
                    iteration)).treeReduce(RoundResult::merge, TREE_DEPTH);
            timer.job(result.times(), (jobStart - start) / 1e9, seconds(jobStart));
            return result;
        } finally {
            broadcast.destroy();
        }
    }

    private static void requireFinitePredictions(Scores scores, int epoch, int round) {
        if (scores.unscored() > 0) {
            throw new TrainingDivergedException(epoch, round, "the network's predictions for " + scores.unscored()
                    + " examples are NaN or infinite");
        }
    }

    private static void requireFinite(float[] state, int epoch, int round) {
        for (float v : state) {
            if (!Float.isFinite(v)) {
                throw new TrainingDivergedException(epoch, round, "a weight became " + v);
            }
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
