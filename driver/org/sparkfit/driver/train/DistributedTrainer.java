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
 * Synchronous data-parallel training in one Spark job: a barrier stage ({@link TrainingStage}) whose tasks train
 * their partitions round by round, exchanging state among themselves, score the held-out set after each epoch and
 * report it. The driver keeps the epochs' history, early stopping and checkpoints as each epoch arrives.
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
     * last one, on a thread of its own while the next epoch trains ({@link CheckpointWriter}; while the driver waits
     * for the previous one, the tasks go on with the next epoch's first round), all written when this returns.
     */
    public TrainingOutcome fit(PartitionedData train, PartitionedData test, Checkpoint start,
                               Consumer<Checkpoint> onCheckpoint) {
        TrainingSpec spec = job.spec();
        int epochs = job.config().fit().epochs();
        int rounds = spec.roundsPerEpoch(train.largestPartition());
        String name = job.config().name();
        EarlyStoppingConfig stoppingConfig = job.config().fit().earlyStopping();
        EarlyStopping stopping = stoppingConfig == null ? null : new EarlyStopping(stoppingConfig, start.stopping());

        Epochs taken;
        try (TrainingStage stage = new TrainingStage(sc, spec, listener);
             CheckpointWriter checkpoints = new CheckpointWriter(onCheckpoint)) {
            taken = new Epochs(start, epochs, rounds, stopping, checkpoints);
            if (start.epochsDone() < epochs) {
                listener.epochStarted(start.epochsDone() + 1, epochs, rounds);
                stage.run(name, train, test, start.state(), start.epochsDone(), epochs, start.iteration(), rounds,
                        spec.batchesFor(train.largestPartition()), taken);
            }
        }
        float[] finalState = stopping == null ? taken.state : stopping.finalState(taken.state);
        Scores heldOut = taken.heldOut;
        if (heldOut == null || finalState != taken.state) {
            // Resumed after the last epoch, or going back to the best epoch: score the state that is kept.
            sc.setJobGroup("sparkfit-" + name, "sparkfit " + name + " final evaluation", false);
            heldOut = Evaluator.evaluate(sc, spec, test, finalState);
        }
        sc.clearJobGroup();
        double trainSeconds = start.seconds() + seconds(taken.startNanos);
        Map<String, Double> baseline = Baseline.of(spec.task(), train, test);
        return new TrainingOutcome(finalState, taken.history, MetricValues.of(heldOut, metrics(), ""), heldOut,
                baseline, trainSeconds);
    }

    private List<String> metrics() {
        return job.config().compile().metrics();
    }

    /** What the driver keeps of the epochs as the training stage reports them, and what it does with each. */
    private final class Epochs implements TrainingStage.EpochHandler {
        private final Checkpoint start;
        private final int epochs;
        private final int rounds;
        private final int every;
        private final EarlyStopping stopping;
        private final long startNanos = System.nanoTime();
        private final List<EpochRecord> history;
        private final CheckpointWriter checkpoints;
        private float[] state;
        private Scores heldOut;

        Epochs(Checkpoint start, int epochs, int rounds, EarlyStopping stopping, CheckpointWriter checkpoints) {
            this.start = start;
            this.checkpoints = checkpoints;
            this.epochs = epochs;
            this.rounds = rounds;
            this.every = job.config().fit().checkpoint().every();
            this.stopping = stopping;
            this.history = new ArrayList<>(start.history());
            this.state = start.state();
        }

        @Override
        public boolean ended(TrainingStage.Outcome outcome) {
            int epoch = outcome.epoch();
            state = outcome.state();
            Scores trainScores = outcome.training();
            heldOut = outcome.heldOut();
            requireFinitePredictions(trainScores, epoch + 1, rounds);
            requireFinitePredictions(heldOut, epoch + 1, rounds);
            listener.roundFinished(rounds, trainScores.examples(), trainScores.meanLoss());
            EpochTimer timer = new EpochTimer(outcome);
            Map<String, Double> values = new LinkedHashMap<>(MetricValues.of(trainScores, metrics(), ""));
            values.putAll(MetricValues.of(heldOut, metrics(), "val_"));
            double epochSeconds = timer.elapsed();
            EpochRecord record = new EpochRecord(epoch + 1, epochs, values, epochSeconds,
                    timer.breakdown(epochSeconds));
            history.add(record);
            listener.epochFinished(record);
            boolean stop = stopping != null && stopping.update(epoch + 1, values, state);
            if ((epoch + 1) % every == 0 || epoch + 1 == epochs || stop) {
                checkpoints.write(new Checkpoint(epoch + 1, outcome.iteration(), state,
                        List.copyOf(history), stopping == null ? null : stopping.progress(),
                        start.seconds() + seconds(startNanos)));
            }
            if (!stop && epoch + 1 < epochs) {
                listener.epochStarted(epoch + 2, epochs, rounds);
            }
            return stop;
        }
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
