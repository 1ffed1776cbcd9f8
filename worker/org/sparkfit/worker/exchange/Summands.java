package org.sparkfit.worker.exchange;

/**
 * One task's terms of a sum that a {@link Collective} reads and writes where they lie (a network's native views)
 * rather than in one flat array, run by run: tasks that share a JVM then sum straight from each other's networks
 * into each other's networks ({@link InProcessAllreduce}), and the others go through a buffer
 * ({@link BufferedSum}). Each run of sums is finished once (divided, say) before every task stores it.
 */
public interface Summands {

    /**
     * How many values a collective reads, finishes and writes at a time, at the most: 16 KiB, well inside a core's
     * L1 cache, so that work on a run as it is read or stored finds it there.
     */
    int RUN = 4096;

    /** How many values are summed: the same on every task. */
    int length();

    /** Copies this task's terms {@code [from, to)} into {@code into} from {@code at}. */
    void read(int from, int to, float[] into, int at);

    /**
     * Finishes the sums of the values {@code [from, to)}, held in {@code sums} from {@code at}, in place, knowing the
     * summed totals: the same on every task, for the same values, whichever task runs it.
     *
     * @return bits that the collective ORs over every run of every task and returns to all of them
     */
    int finish(float[] totals, int from, int to, float[] sums, int at);

    /**
     * Stores the finished sums of {@code [from, to)}, taken from {@code sums} at {@code at}. Any task may call this,
     * and several at once for ranges that do not overlap.
     */
    void write(int from, int to, float[] sums, int at);
}
