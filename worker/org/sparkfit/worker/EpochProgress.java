package org.sparkfit.worker;

import java.io.Serializable;
import org.apache.spark.util.DoubleAccumulator;
import org.apache.spark.util.LongAccumulator;

/** Where a worker reports each round it ends: the examples it fitted and their summed loss. */
public interface EpochProgress extends Serializable {
    /** The name of the accumulator counting the rounds a task ended, which Spark's UI shows. */
    String ROUNDS = "sparkfit rounds";

    void roundEnded(long examples, double lossSum);

    /**
     * Named Spark accumulators, which executors report for running tasks with every heartbeat: the driver follows
     * the rounds from them at no cost to the rounds (see the driver's RoundProgress).
     */
    record Accumulators(LongAccumulator rounds, LongAccumulator examples, DoubleAccumulator lossSum)
            implements EpochProgress {
        @Override
        public void roundEnded(long fitted, double loss) {
            rounds.add(1);
            examples.add(fitted);
            lossSum.add(loss);
        }
    }
}
