package org.sparkfit.testing;

import org.apache.hadoop.fs.FileSystem;

/** How many bytes this JVM has read so far through Hadoop's file:// file system, to check how often data is read. */
public final class LocalReads {
    private LocalReads() {
    }

    /**
     * Bytes read through Hadoop's file:// file system in this JVM so far (in local mode: driver and executors); the
     * checksummed and the raw local file system each count every byte, so the larger count.
     */
    public static long bytes() {
        return FileSystem.getAllStatistics().stream().filter(s -> s.getScheme().equals("file"))
                .mapToLong(FileSystem.Statistics::getBytesRead).max().orElse(0);
    }
}
