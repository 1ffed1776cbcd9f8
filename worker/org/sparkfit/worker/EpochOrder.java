package org.sparkfit.worker;

import java.util.SplittableRandom;

/**
 * The order in which a partition visits its examples in one epoch: a seeded shuffle that depends only on the
 * job seed, the epoch and the partition, so every attempt of a task, on any executor, sees the same batches.
 */
public final class EpochOrder {
    private EpochOrder() {
    }

    public static int[] of(int rows, long seed, int epoch, int partition, boolean shuffle) {
        int[] order = Batches.inOrder(rows);
        if (shuffle) {
            SplittableRandom random = new SplittableRandom(mix(seed, epoch, partition));
            for (int i = rows - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return order;
    }

    /** A seed for (job seed, epoch, partition) whose neighbours are unrelated. */
    public static long mix(long seed, int epoch, int partition) {
        return new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (epoch + 1)) ^ (0xC2B2AE3D27D4EB4FL * (partition + 1)))
                .nextLong();
    }
}
