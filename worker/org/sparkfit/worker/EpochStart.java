package org.sparkfit.worker;

import java.io.Serializable;

/**
 * The state an epoch's tasks start from, named by its {@link FlatState#fingerprint}. After an epoch every worker's
 * network holds the epoch's final state bit for bit, which is the next epoch's start; then the driver sends only
 * the fingerprint, and the state itself (a broadcast) only for the first epoch, after a failed attempt, or when the
 * workers did not all end on the same state.
 *
 * @param source null when the driver expects every worker to hold the state already
 */
public record EpochStart(long fingerprint, Source source) implements Serializable {

    /** Where a worker that does not hold the state gets it, e.g. a broadcast's {@code value}. */
    @FunctionalInterface
    public interface Source extends Serializable {
        float[] values();
    }

    /** A start that carries {@code state} itself. */
    public static EpochStart of(float[] state) {
        return new EpochStart(FlatState.fingerprint(state), () -> state);
    }

    /**
     * The state, for a worker whose network does not hold it.
     *
     * @throws IllegalStateException when the driver sent only the fingerprint (the task ran where its worker's
     *                               network is not, e.g. on an executor that replaced a lost one): the stage
     *                               fails, and the driver runs the epoch again with the state
     */
    float[] values(int partition) {
        if (source == null) {
            throw new IllegalStateException("the worker of partition " + partition + " does not hold the epoch's "
                    + "starting state (" + Long.toHexString(fingerprint) + ") on this executor; the driver sends it "
                    + "with the epoch's next attempt");
        }
        return source.values();
    }
}
