package org.sparkfit.worker;

import java.util.function.BooleanSupplier;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkfit.worker.cache.BlockArrays;
import org.sparkfit.worker.cache.StoredPart;
import org.sparkfit.worker.exchange.Exchange;
import org.sparkfit.worker.step.TrainingShortcuts;

/**
 * One partition's worker, kept alive on its executor across epochs: the network object (built once, then loaded
 * with each epoch's starting state), its mini-batch arrays and the arrays its part's blocks load into from disk.
 */
public final class PartitionTrainer {
    private final TrainingSpec spec;
    private final int partition;
    private final MultiLayerNetwork net;
    private final TrainingMetricsListener listener = new TrainingMetricsListener();
    private final boolean listenerScores;
    private final BlockArrays blockArrays = new BlockArrays();
    private BatchBuffers buffers;
    private final Inference.Chunks evaluationChunks;
    private float[] reported;

    PartitionTrainer(TrainingSpec spec, int partition) {
        this.spec = spec;
        this.partition = partition;
        this.evaluationChunks = new Inference.Chunks(spec.task());
        this.net = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(spec.networkJson()));
        net.init();
        TrainingShortcuts.install(net);
        this.listenerScores = TrainingMetricsListener.canScore(net);
        if (listenerScores) {
            net.setListeners(listener);
        }
    }

    public MultiLayerNetwork network() {
        return net;
    }

    /** Loads the state a training stage starts from; its epochs then continue from the network's own. */
    public void start(EpochStart start) {
        FlatState.apply(start.values(), net);
    }

    /**
     * Trains one epoch of this partition in a barrier stage: from the network's state, {@code rounds} rounds of the
     * exchange's mini-batches, each ended by the exchange (so every worker continues from the same state), then
     * scores {@code heldOut} with the epoch's final state, which the network keeps for the next epoch.
     *
     * @param iteration      the mini-batches each worker had fitted before this epoch (Adam's bias correction,
     *                       schedules)
     * @param largestBatches the mini-batches of the largest partition, which sets the rounds and the iteration count
     * @param progress       told of every round this worker ends
     * @param goOn           whether training goes on past the epoch before this one (the driver's answer to its
     *                       report), asked before this epoch's first exchange: the workers fit their first round
     *                       while the driver takes the epoch before, and all stop there when it says so
     * @return the epoch's result, or null when {@code goOn} said stop
     */
    public EpochResult trainEpoch(StoredPart data, StoredPart heldOut, int epoch, int iteration, int rounds,
                                  int largestBatches, Exchange exchange, EpochProgress progress,
                                  BooleanSupplier goOn) {
        int rows = data.rows();
        int batches = spec.batchesFor(rows);
        int perRound = spec.batchesPerRound();
        if (buffers == null) {
            buffers = new BatchBuffers(spec.task(), spec.batchSize(), data.width());
        }
        EpochRows order = new EpochRows(data, blockArrays, spec.seed(), epoch, partition, spec.shuffle());
        Scores epochScores = spec.newScores();
        EpochResult.Times times = new EpochResult.Times();
        for (int round = 0; round < rounds; round++) {
            net.getLayerWiseConfigurations().setIterationCount(iteration);
            net.getLayerWiseConfigurations().setEpochCount(epoch);
            Nd4j.getRandom().setSeed(EpochOrder.mix(spec.seed() + round, epoch, partition));
            Scores scores = spec.newScores();
            long fitStart = System.nanoTime();
            for (int b = round * perRound; b < Math.min((round + 1) * perRound, batches); b++) {
                int from = b * spec.batchSize();
                int count = Math.min(spec.batchSize(), rows - from);
                EpochRows.Slice slice = order.next(count);
                DataSet batch = buffers.fill(slice.rows(), slice.order(), slice.from(), count);
                if (listenerScores) {
                    listener.expect(batch.getLabels(), scores);
                } else {
                    TrainingMetricsListener.scoreBeforeFit(net, batch.getFeatures(), batch.getLabels(), scores);
                }
                exchange.fit(net, batch);
                scores.addLoss(net.score(), count);
            }
            long fitEnd = System.nanoTime();
            if (round == 0 && !goOn.getAsBoolean()) {
                return null;
            }
            long exchangeStart = System.nanoTime();
            Exchange.RoundTotals totals = exchange.endRound(net, scores.examples(), scores.lossSum());
            times.fit(fitEnd - fitStart + totals.stepNanos());
            times.waiting(totals.waitNanos());
            times.exchange(System.nanoTime() - exchangeStart - totals.stepNanos() - totals.waitNanos());
            if (totals.divergence() != null) {
                return EpochResult.diverged(partition, round, totals.divergence());
            }
            epochScores.merge(scores);
            iteration += Math.min(perRound, largestBatches - round * perRound);
            progress.roundEnded(scores.examples(), scores.lossSum());
        }
        long evaluationStart = System.nanoTime();
        Scores evaluation = Inference.score(net, spec, heldOut, evaluationChunks);
        times.evaluation(System.nanoTime() - evaluationStart);
        NativeState end = NativeState.of(net);
        return new EpochResult(partition, epochScores, evaluation, partition == 0 ? reportedState(end) : null,
                end.fingerprint(), iteration, null, -1, times);
    }

    /**
     * The state partition 0 reports, in one array kept from epoch to epoch: the report is sent while the next epoch's
     * first round fits, and is through before that round's exchange (the driver answers only once it has it); a new
     * 3 MB array every epoch would be garbage that sets off a collection.
     */
    private float[] reportedState(NativeState end) {
        if (reported == null || reported.length != end.length()) {
            reported = new float[end.length()];
        }
        end.get(0, end.length(), reported, 0);
        return reported;
    }
}
