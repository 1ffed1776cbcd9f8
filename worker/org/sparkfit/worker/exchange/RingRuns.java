package org.sparkfit.worker.exchange;

/**
 * A sum's values in runs of at most {@link Summands#RUN}, none across the ring's segments of the buffer that
 * holds the summands and then the totals, each with the segment whose task the ring's additions start from: the
 * order in which the collectives that sum in memory add each value up, so that their sums equal the ring's to the
 * bit ({@link InProcessAllreduce}, {@link SharedMemoryAllreduce}).
 */
final class RingRuns {
    private final int length;
    private final int totalsLength;
    private final int size;
    private final int[] starts;
    private final int[] segments;

    RingRuns(int length, int totalsLength, int size) {
        this.length = length;
        this.totalsLength = totalsLength;
        this.size = size;
        int count = 0;
        for (int s = 0; s < size; s++) {
            count += (Math.max(0, end(s) - start(s)) + Summands.RUN - 1) / Summands.RUN;
        }
        starts = new int[count];
        segments = new int[count];
        int r = 0;
        for (int s = 0; s < size; s++) {
            for (int from = start(s); from < end(s); from += Summands.RUN) {
                starts[r] = from;
                segments[r++] = s;
            }
        }
    }

    int length() {
        return length;
    }

    int totalsLength() {
        return totalsLength;
    }

    int count() {
        return segments.length;
    }

    int from(int run) {
        return starts[run];
    }

    int to(int run) {
        return Math.min(end(segments[run]), starts[run] + Summands.RUN);
    }

    int segment(int run) {
        return segments[run];
    }

    /** What one task adds at a position of the buffer. */
    @FunctionalInterface
    interface Term {
        float of(int task);
    }

    /**
     * The sum over the tasks of their {@code term}s at position {@code at} of the buffer, added in the ring's order:
     * from the task of the segment that holds it, then round the ring.
     */
    float sumAt(int at, Term term) {
        int first = segmentOf(at);
        float sum = term.of(first);
        for (int k = 1; k < size; k++) {
            sum += term.of((first + k) % size);
        }
        return sum;
    }

    /** The ring's segment that holds position {@code at} of the buffer. */
    private int segmentOf(int at) {
        int s = size - 1;
        while (start(s) > at) {
            s--;
        }
        return s;
    }

    private int start(int segment) {
        return (int) ((long) (length + totalsLength) * segment / size);
    }

    private int end(int segment) {
        return Math.min(length, start(segment + 1));
    }
}
