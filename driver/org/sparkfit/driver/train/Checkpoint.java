package org.sparkfit.driver.train;

import java.util.List;

/**
 * Everything the driver's loop needs to continue after {@code epochsDone} epochs: the averaged flat state
 * (parameters and optimizer state), the mini-batch count that drives Adam's bias correction, the history so far,
 * early stopping's progress (or null), and the training seconds spent. Workers' randomness is seeded by epoch,
 * round and partition, so nothing else is needed to continue exactly.
 */
public record Checkpoint(int epochsDone, int iteration, float[] state, List<EpochRecord> history,
                         EarlyStopping.Progress stopping, double seconds) {

    /** The start of a fresh run from {@code state}. */
    public static Checkpoint initial(float[] state) {
        return new Checkpoint(0, 0, state, List.of(), null, 0);
    }
}
