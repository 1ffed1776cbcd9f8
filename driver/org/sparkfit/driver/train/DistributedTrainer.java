package org.sparkfit.driver.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaSparkContext;
import org.sparkfit.driver.config.EarlyStoppingConfig;
import org.sparkfit.worker.Scores;
import org.sparkfit.worker.TrainingSpec;

/**
 * Synchronous data-parallel training, one Spark job per epoch: each epoch is a barrier stage ({@link BarrierEpoch})
 * whose tasks train their partitions round by round, exchanging state among themselves, and score the held-out set
 * at its end. The driver keeps the epochs' history, early stopping and checkpoints.
 */
public final class DistributedTrainer {
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
     * last one, on a thread of its own while the next epoch trains ({@link CheckpointWriter}; a wait for the
     * previous one counts in the next epoch's time), all written when this returns.
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
        long checkpointWait = 0;
        try (BarrierEpoch stage = new BarrierEpoch(sc, spec, listener);
             CheckpointWriter checkpoints = new CheckpointWriter(onCheckpoint)) {
            for (int epoch = start.epochsDone(); epoch < epochs && !stop; epoch++) {
                EpochTimer timer = new EpochTimer(checkpointWait);
                checkpointWait = 0;
                listener.epochStarted(epoch + 1, epochs, rounds);
                sc.setJobGroup("sparkfit-" + name, String.format("sparkfit %s epoch %d/%d (%d rounds and evaluation)",
                        name, epoch + 1, epochs, rounds), false);
                BarrierEpoch.Outcome outcome = stage.run(train, test, state, epoch, iteration, rounds, batches);
                state = outcome.state();
                iteration = outcome.iteration();
                Scores trainScores = outcome.training();
                heldOut = outcome.heldOut();
                requireFinitePredictions(trainScores, epoch + 1, rounds);
                requireFinitePredictions(heldOut, epoch + 1, rounds);
                listener.roundFinished(rounds, trainScores.examples(), trainScores.meanLoss());
                timer.stage(outcome);
                Map<String, Double> values = new LinkedHashMap<>(MetricValues.of(trainScores, metrics, ""));
                values.putAll(MetricValues.of(heldOut, metrics, "val_"));
                double epochSeconds = timer.elapsed();
                EpochRecord record = new EpochRecord(epoch + 1, epochs, values, epochSeconds,
                        timer.breakdown(epochSeconds));
                history.add(record);
                listener.epochFinished(record);
                stop = stopping != null && stopping.update(epoch + 1, values, state);
                if ((epoch + 1) % every == 0 || epoch + 1 == epochs || stop) {
                    checkpointWait = checkpoints.write(new Checkpoint(epoch + 1, iteration, state, List.copyOf(history),
                            stopping == null ? null : stopping.progress(), start.seconds() + seconds(startNanos)));
                }
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

    private static void requireFinitePredictions(Scores scores, int epoch, int round) {
        if (scores.unscored() > 0) {
            throw new TrainingDivergedException(epoch, round, "the network's predictions for " + scores.unscored()
                    + " examples are NaN or infinite");
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
