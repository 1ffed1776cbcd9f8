package org.sparkfit.worker;

import java.io.Serializable;

/**
 * The state a training stage's tasks start from (a fresh network, a checkpoint, or after a failed attempt the last
 * epoch the driver took), read by each task once as it starts, e.g. a broadcast's {@code value}. Within the stage
 * each worker's network carries the state from one epoch to the next.
 */
@FunctionalInterface
public interface EpochStart extends Serializable {

    float[] values();
}
