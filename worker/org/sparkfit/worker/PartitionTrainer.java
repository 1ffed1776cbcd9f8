package org.sparkfit.worker;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkfit.datasets.Examples;

/**
 * One partition's worker, kept alive on its executor across rounds: the network object (built once, then loaded
 * with each round's broadcast state) and the current epoch's example order.
 */
public final class PartitionTrainer {
    private final TrainingSpec spec;
    private final int partition;
    private final MultiLayerNetwork net;
    private final TrainingMetricsListener listener = new TrainingMetricsListener();
    private final boolean listenerScores;
    private int orderEpoch = -1;
    private int[] order;
    private BatchBuffers buffers;

    PartitionTrainer(TrainingSpec spec, int partition) {
        this.spec = spec;
        this.partition = partition;
        this.net = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(spec.networkJson()));
        net.init();
        this.listenerScores = TrainingMetricsListener.canScore(net);
        if (listenerScores) {
            net.setListeners(listener);
        }
    }

    public MultiLayerNetwork network() {
        return net;
    }

    /**
     * Runs round {@code round} of {@code epoch}: loads {@code state}, fits this partition's mini-batches of the
     * round, and returns the new state weighted by the examples fitted, or null when the partition has no batch
     * left in this round.
     *
     * @param iteration the number of mini-batches each worker has fitted before this round (drives Adam's bias
     *                  correction and learning-rate schedules)
     */
    public RoundResult trainRound(Examples data, float[] state, int epoch, int round, int iteration) {
        int rows = data.rows();
        int batches = spec.batchesFor(rows);
        int first = round * spec.averagingFrequency();
        int last = Math.min(first + spec.averagingFrequency(), batches);
        if (first >= last) {
            return null;
        }
        if (buffers == null) {
            buffers = new BatchBuffers(spec.task(), spec.batchSize(), data.width());
        }
        if (orderEpoch != epoch) {
            order = EpochOrder.of(rows, spec.seed(), epoch, partition, spec.shuffle());
            orderEpoch = epoch;
        }
        FlatState.apply(state, net);
        net.getLayerWiseConfigurations().setIterationCount(iteration);
        net.getLayerWiseConfigurations().setEpochCount(epoch);
        Nd4j.getRandom().setSeed(EpochOrder.mix(spec.seed() + round, epoch, partition));

        Scores scores = spec.newScores();
        long fitStart = System.nanoTime();
        for (int b = first; b < last; b++) {
            int from = b * spec.batchSize();
            int count = Math.min(spec.batchSize(), rows - from);
            DataSet batch = buffers.fill(data, order, from, count);
            if (listenerScores) {
                listener.expect(batch.getLabels(), scores);
            } else {
                TrainingMetricsListener.scoreBeforeFit(net, batch.getFeatures(), batch.getLabels(), scores);
            }
            net.fit(batch);
            scores.addLoss(net.score(), count);
        }
        long fitNanos = System.nanoTime() - fitStart;
        float[] flat = FlatState.of(net);
        float weight = (float) scores.examples();
        for (int i = 0; i < flat.length; i++) {
            flat[i] *= weight;
        }
        return new RoundResult(flat, scores, RoundTimes.ofFit(fitNanos));
    }
}
