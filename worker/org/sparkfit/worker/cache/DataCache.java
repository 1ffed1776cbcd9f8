package org.sparkfit.worker.cache;

import java.util.Locale;

/**
 * The job key {@code spark.data_cache}: where each executor keeps its part of the data between epochs. {@code auto}
 * chooses per part, from the part's size and the executor's memory ({@link PartCache#budget}).
 */
public enum DataCache {
    /** The part's compact blocks on the heap, as Spark's MEMORY_ONLY cache. */
    MEMORY,
    /** The part's compact blocks in a file in the executor's local directories, streamed every epoch. */
    DISK,
    /** Memory when the part fits in the executor's share of storage memory, else disk. */
    AUTO;

    /** The name in job files: {@code memory}, {@code disk}, {@code auto}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode named {@code key} in a job file, or null. */
    public static DataCache ofKey(String key) {
        for (DataCache mode : values()) {
            if (mode.key().equals(key)) {
                return mode;
            }
        }
        return null;
    }
}
