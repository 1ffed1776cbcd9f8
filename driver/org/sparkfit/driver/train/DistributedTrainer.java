package org.sparkfit.driver.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
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

    public TrainingOutcome fit(PartitionedData train, PartitionedData test, float[] initialState) {
        TrainingSpec spec = job.spec();
        List<String> metrics = job.config().compile().metrics();
        int epochs = job.config().fit().epochs();
        int batches = spec.batchesFor(train.largestPartition());
        int rounds = spec.roundsPerEpoch(train.largestPartition());
        String name = job.config().name();

        long start = System.nanoTime();
        float[] state = initialState;
        int iteration = 0;
        List<EpochRecord> history = new ArrayList<>();
        Scores heldOut = null;
        for (int epoch = 0; epoch < epochs; epoch++) {
            long epochStart = System.nanoTime();
            listener.epochStarted(epoch + 1, epochs, rounds);
            Scores trainScores = null;
            for (int round = 0; round < rounds; round++) {
                sc.setJobGroup("sparkfit-" + name, String.format("sparkfit %s epoch %d/%d round %d/%d", name,
                        epoch + 1, epochs, round + 1, rounds), false);
                RoundResult result = round(train, state, epoch, round, iteration);
                iteration += Math.min(spec.averagingFrequency(), batches - round * spec.averagingFrequency());
                if (!Double.isFinite(result.scores().meanLoss())) {
                    throw new TrainingDivergedException(epoch + 1, round + 1, "the loss is "
                            + result.scores().meanLoss());
                }
                state = result.averageState();
                requireFinite(state, epoch + 1, round + 1);
                trainScores = trainScores == null ? result.scores() : trainScores.merge(result.scores());
                listener.roundFinished(round + 1, trainScores.examples(), trainScores.meanLoss());
            }
            sc.setJobGroup("sparkfit-" + name, String.format("sparkfit %s epoch %d/%d evaluation", name, epoch + 1,
                    epochs), false);
            heldOut = Evaluator.evaluate(sc, spec, test, state);
            Map<String, Double> values = new LinkedHashMap<>(MetricValues.of(trainScores, metrics, ""));
            values.putAll(MetricValues.of(heldOut, metrics, "val_"));
            EpochRecord record = new EpochRecord(epoch + 1, epochs, values, seconds(epochStart));
            history.add(record);
            listener.epochFinished(record);
        }
        sc.clearJobGroup();
        double trainSeconds = seconds(start);
        Map<String, Double> baseline = Baseline.of(spec.task(), train, test);
        return new TrainingOutcome(state, history, MetricValues.of(heldOut, metrics, ""), heldOut, baseline,
                trainSeconds);
    }

    private RoundResult round(PartitionedData train, float[] state, int epoch, int round, int iteration) {
        Broadcast<float[]> broadcast = sc.broadcast(state);
        try {
            return train.rdd().mapPartitions(new RoundTask(job.spec(), broadcast, epoch, round, iteration))
                    .treeReduce(RoundResult::merge, TREE_DEPTH);
        } finally {
            broadcast.destroy();
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
