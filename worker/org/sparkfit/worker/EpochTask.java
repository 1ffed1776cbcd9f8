package org.sparkfit.worker;

import java.io.IOException;
import java.io.Serializable;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.SparkEnv;
import org.sparkfit.worker.cache.StoredPart;
import org.sparkfit.worker.exchange.Collective;
import org.sparkfit.worker.exchange.Exchange;
import org.sparkfit.worker.exchange.Rendezvous;
import org.sparkfit.worker.exchange.RingAllreduce;
import org.sparkfit.worker.exchange.TaskCollectives;
import scala.Tuple2;
import scala.collection.Iterator;
import scala.runtime.AbstractFunction1;

/**
 * One task of an epoch's barrier stage: it keeps its partition's network for the whole epoch, rendezvouses with the
 * stage's other tasks once (each task's host, port and JVM through the driver's {@link Rendezvous} tracker, the
 * only message that passes through the driver), joins their collective (a ring, or memory when all share its JVM),
 * trains every round of the epoch exchanging state with them directly, and scores its part of the held-out set with
 * the epoch's final state.
 */
public final class EpochTask extends AbstractFunction1<Iterator<Tuple2<StoredPart, StoredPart>>, Iterator<EpochResult>>
        implements Serializable {
    private static final long serialVersionUID = 1L;

    private final TrainingSpec spec;
    private final String run;
    private final EpochStart start;
    private final int epoch;
    private final int iteration;
    private final int rounds;
    private final int largestBatches;
    private final EpochProgress progress;
    private final Duration timeout;
    private final String tracker;

    /**
     * @param run            the run this epoch belongs to, whose trainers the workers keep ({@link LocalTrainers})
     * @param start          the state every worker starts the epoch from
     * @param iteration      the mini-batches each worker had fitted before this epoch
     * @param largestBatches the mini-batches of the largest partition, which set the rounds
     * @param timeout        how long a task waits for its neighbours in the ring
     * @param tracker        the driver's {@link Rendezvous} tracker, {@code host:port}
     */
    public EpochTask(TrainingSpec spec, String run, EpochStart start, int epoch, int iteration, int rounds,
                     int largestBatches, EpochProgress progress, Duration timeout, String tracker) {
        this.spec = spec;
        this.run = run;
        this.start = start;
        this.epoch = epoch;
        this.iteration = iteration;
        this.rounds = rounds;
        this.largestBatches = largestBatches;
        this.progress = progress;
        this.timeout = timeout;
        this.tracker = tracker;
    }

    @Override
    public Iterator<EpochResult> apply(Iterator<Tuple2<StoredPart, StoredPart>> partition) {
        BarrierTaskContext context = BarrierTaskContext.get();
        Tuple2<StoredPart, StoredPart> data = partition.next();
        int rank = context.partitionId();
        PartitionTrainer trainer = LocalTrainers.forPartition(spec, run, rank);
        String host = SparkEnv.get().blockManager().blockManagerId().host();
        String group = context.stageId() + "." + context.stageAttemptNumber();
        try (ServerSocket server = RingAllreduce.listen(host)) {
            List<String> addresses = Rendezvous.join(tracker, new Rendezvous.Request(group, rank,
                    context.numPartitions(), TaskCollectives.address(host, server)), timeout, context::isInterrupted);
            try (Collective ring = TaskCollectives.join(run + "/" + group, rank, addresses, server, timeout,
                    context::isInterrupted)) {
                Exchange exchange = spec.exchange().open(ring);
                EpochResult result = trainer.trainEpoch(data._1(), data._2(), start, epoch, iteration,
                        rounds, largestBatches, exchange, progress);
                return scala.collection.Iterator$.MODULE$.single(result);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("task " + rank + " could not join the exchange ring: "
                    + e.getMessage(), e);
        }
    }
}
