package org.sparkfit.worker;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Collections;
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
 * One task of a training stage, the barrier stage that trains a run's epochs: it keeps its partition's network for
 * the whole stage, rendezvouses with the stage's other tasks once (each task's host, port and JVM through the
 * driver's {@link Rendezvous} tracker), joins their collective ({@link TaskCollectives}), and then,
 * epoch after epoch, trains every round exchanging state with them directly, scores its part of the held-out set,
 * and reports the epoch to the driver ({@link EpochReport}), going on with the next while the driver takes it,
 * until the driver answers stop (read before the next epoch's first exchange) or the last epoch is done. Its
 * results reach the driver through those reports; the task itself returns nothing.
 */
public final class EpochTask extends AbstractFunction1<Iterator<Tuple2<StoredPart, StoredPart>>, Iterator<EpochResult>>
        implements Serializable {
    private static final long serialVersionUID = 1L;

    private final TrainingSpec spec;
    private final String run;
    private final String attempt;
    private final EpochStart start;
    private final int firstEpoch;
    private final int epochs;
    private final int iteration;
    private final int rounds;
    private final int largestBatches;
    private final EpochProgress progress;
    private final Duration timeout;
    private final String tracker;

    /**
     * @param run            the run these epochs belong to, whose trainers the workers keep ({@link LocalTrainers})
     * @param attempt        the driver's name for this stage attempt, which the tasks' reports carry
     * @param start          the state every worker starts {@code firstEpoch} (0-based) from
     * @param epochs         the run's epochs: the stage trains up to the last, unless the driver says stop first
     * @param iteration      the mini-batches each worker had fitted before {@code firstEpoch}
     * @param largestBatches the mini-batches of the largest partition, which set the rounds
     * @param timeout        how long a task waits for its neighbours in the ring, and for the driver's answers
     * @param tracker        the driver's tracker, {@code host:port}
     */
    public EpochTask(TrainingSpec spec, String run, String attempt, EpochStart start, int firstEpoch, int epochs,
                     int iteration, int rounds, int largestBatches, EpochProgress progress, Duration timeout,
                     String tracker) {
        this.spec = spec;
        this.run = run;
        this.attempt = attempt;
        this.start = start;
        this.firstEpoch = firstEpoch;
        this.epochs = epochs;
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
        int size = context.numPartitions();
        PartitionTrainer trainer = LocalTrainers.forPartition(spec, run, rank);
        String host = SparkEnv.get().blockManager().blockManagerId().host();
        String group = context.stageId() + "." + context.stageAttemptNumber();
        try (ServerSocket server = RingAllreduce.listen(host)) {
            List<String> addresses = Rendezvous.join(tracker, new Rendezvous.Request(group, rank, size,
                    TaskCollectives.address(host, server)), timeout, context::isInterrupted);
            try (Collective ring = TaskCollectives.join(run + "/" + group, rank, addresses, server, timeout,
                    context::isInterrupted)) {
                trainer.start(start);
                // One exchange for the stage: its rounds are timed from the end of the sum before, so the first
                // round of an epoch also counts a worker's wait for a peer still scoring the epoch before.
                Exchange exchange = spec.exchange().open(ring);
                int done = iteration;
                EpochReport.Answer previous = null;
                try {
                    for (int epoch = firstEpoch; epoch < epochs; epoch++) {
                        context.killTaskIfInterrupted();
                        EpochResult result = trainer.trainEpoch(data._1(), data._2(), epoch, done, rounds,
                                largestBatches, exchange, progress,
                                previous == null ? () -> true : previous);
                        if (result == null || previous != null && !previous.getAsBoolean()) {
                            break;
                        }
                        previous = EpochReport.send(tracker, attempt, rank, size, epoch, result, timeout,
                                context::isInterrupted);
                        if (epoch + 1 == epochs || result.divergence() != null) {
                            // Nothing to train meanwhile: the stage ends once the driver has taken the epoch.
                            previous.getAsBoolean();
                            break;
                        }
                        done = result.iteration();
                    }
                } finally {
                    if (previous != null) {
                        previous.close();
                    }
                }
                return scala.collection.JavaConverters.asScalaIterator(Collections.<EpochResult>emptyIterator());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("task " + rank + " could not reach the other tasks or the driver: "
                    + e.getMessage(), e);
        }
    }
}
