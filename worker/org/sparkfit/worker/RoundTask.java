package org.sparkfit.worker;

import java.util.Collections;
import java.util.Iterator;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.sparkfit.datasets.Examples;

/** The Spark task of one averaging round: trains its partition from the broadcast state (see PartitionTrainer). */
public final class RoundTask implements FlatMapFunction<Iterator<Examples>, RoundResult> {
    private static final long serialVersionUID = 1L;

    private final TrainingSpec spec;
    private final Broadcast<float[]> state;
    private final int epoch;
    private final int round;
    private final int iteration;

    public RoundTask(TrainingSpec spec, Broadcast<float[]> state, int epoch, int round, int iteration) {
        this.spec = spec;
        this.state = state;
        this.epoch = epoch;
        this.round = round;
        this.iteration = iteration;
    }

    @Override
    public Iterator<RoundResult> call(Iterator<Examples> partition) {
        long start = System.nanoTime();
        if (!partition.hasNext()) {
            return Collections.emptyIterator();
        }
        Examples data = partition.next();
        FaultInjection.beforeRound(epoch, round, TaskContext.getPartitionId());
        PartitionTrainer trainer = LocalTrainers.forPartition(spec, TaskContext.getPartitionId());
        RoundResult result = trainer.trainRound(data, state.value(), epoch, round, iteration);
        if (result == null) {
            return Collections.emptyIterator();
        }
        result.times().task(System.nanoTime() - start);
        return Collections.singletonList(result).iterator();
    }
}
