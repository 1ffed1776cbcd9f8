package org.sparkfit.driver.train;

/**
 * What the driver's training loop tells the person watching: epochs starting, rounds finishing, epochs ending.
 * Every method does nothing unless overridden.
 */
public interface TrainingListener {

    /** Epoch {@code epoch} (1-based) of {@code epochs} begins; it has {@code rounds} averaging rounds. */
    default void epochStarted(int epoch, int epochs, int rounds) {
    }

    /**
     * A round of the current epoch finished.
     *
     * @param round    1-based, within the epoch
     * @param examples examples trained on so far in this epoch
     * @param loss     the mean training loss over those examples
     */
    default void roundFinished(int round, long examples, double loss) {
    }

    default void epochFinished(EpochRecord record) {
    }
}
