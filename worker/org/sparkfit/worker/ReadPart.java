package org.sparkfit.worker;

import java.io.Serializable;
import org.sparkfit.worker.cache.StoredPart;

/** A part as its executor keeps it, and what its read learnt of it for the driver. */
public record ReadPart(StoredPart part, PartStats stats) implements Serializable {
}
