package org.sparkfit.worker.exchange;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * A sum of {@link Summands} round the ring straight from and into the task's summands, with no copy of them all:
 * the segment a task sends first is read into the outgoing buffer; each segment that arrives in the reduce-scatter
 * has this task's terms added to it run by run as its bytes come in, in the buffer that then goes on round the
 * ring; the segment this task completes is finished and stored as its runs come in; and the finished segments of
 * the all-gather are stored as they arrive, each with its finisher's marks after it. Every value is touched while
 * its run is in cache, and the work on a segment overlaps its transfer; a flat buffer ({@link BufferedSum}) copies
 * the whole state in, to the socket buffers, back and out, each a pass through memory after the transfer.
 *
 * <p>Finishing needs the summed totals, so they are summed first, round the ring in the order they would have in
 * one buffer after the summands (the ring's last segment), and every value's sum has that buffer's bits. That holds
 * when the totals lie in the last segment ({@link #fits}): always but for a handful of summands, which a buffer
 * sums as well.
 */
final class StreamedRingSum {
    private final RingLinks links;
    private final int rank;
    private final int size;
    private final float[] sums = new float[Summands.RUN];
    private final float[] terms = new float[Summands.RUN];
    private float[] padded = new float[0];
    private Segment outgoing = new Segment(0);
    private Segment incoming = new Segment(0);
    private int handled;
    private int marks;

    StreamedRingSum(RingLinks links, int rank, int size) {
        this.links = links;
        this.rank = rank;
        this.size = size;
    }

    /** Whether {@code totals} after {@code summands} values lie in the ring's last segment, as streaming needs. */
    static boolean fits(int summands, int totals, int size) {
        return RingAllreduce.start(summands + totals, size - 1, size) <= summands;
    }

    /** {@link Collective#allreduceSum(float[], Summands)} round the ring; {@code ring} sums the totals. */
    int sum(Collective ring, float[] totals, Summands summands) {
        sumTotals(ring, totals);
        int length = summands.length() + totals.length;
        int largest = (length + size - 1) / size + 1;
        if (outgoing.floats.capacity() < largest) {
            outgoing = new Segment(largest);
            incoming = new Segment(largest);
        }
        marks = 0;
        int first = from(length, rank);
        int end = to(summands, length, rank);
        for (int from = first; from < end; from += Summands.RUN) {
            int to = Math.min(end, from + Summands.RUN);
            summands.read(from, to, sums, 0);
            outgoing.floats.put(from - first, sums, 0, to - from);
        }
        outgoing.bytes.clear().limit((end - first) * Float.BYTES);
        // Reduce-scatter: after step s this task holds the sum of s + 2 tasks' segment rank - s - 1.
        for (int s = 0; s < size - 1; s++) {
            int segment = Math.floorMod(rank - s - 1, size);
            boolean completes = s == size - 2;
            receive(summands, length, segment, 0, (from, to, at) -> {
                incoming.floats.get(at, sums, 0, to - from);
                summands.read(from, to, terms, 0);
                for (int i = 0; i < to - from; i++) {
                    sums[i] = terms[i] + sums[i];
                }
                if (completes) {
                    marks |= summands.finish(totals, from, to, sums, 0);
                    summands.write(from, to, sums, 0);
                }
                incoming.floats.put(at, sums, 0, to - from);
            });
        }
        int owned = to(summands, length, (rank + 1) % size) - from(length, (rank + 1) % size);
        outgoing.bytes.limit((owned + 1) * Float.BYTES).putInt(owned * Float.BYTES, marks);
        // All-gather: the finished segments, each with its finisher's marks, travel on round the ring.
        for (int s = 0; s < size - 1; s++) {
            int segment = Math.floorMod(rank - s, size);
            int count = receive(summands, length, segment, 1, (from, to, at) -> {
                incoming.floats.get(at, sums, 0, to - from);
                summands.write(from, to, sums, 0);
            });
            marks |= outgoing.bytes.getInt(count * Float.BYTES);
        }
        return marks;
    }

    /** The totals' sums, with the bits they have in one buffer after the summands: in the ring's last segment. */
    private void sumTotals(Collective ring, float[] totals) {
        if (padded.length != size * totals.length) {
            padded = new float[size * totals.length];
        }
        Arrays.fill(padded, 0f);
        System.arraycopy(totals, 0, padded, (size - 1) * totals.length, totals.length);
        ring.allreduceSum(padded);
        System.arraycopy(padded, (size - 1) * totals.length, totals, 0, totals.length);
    }

    /** The work on one run of an arriving segment: its values {@code [from, to)}, in the buffer from {@code at}. */
    @FunctionalInterface
    private interface RunWork {
        void on(int from, int to, int at);
    }

    /**
     * Sends the outgoing buffer while receiving {@code segment} (and {@code extra} values after it), doing
     * {@code work} on each run of the segment once all of it has arrived; then the buffers change places, so what
     * came in goes out next.
     *
     * @return the segment's length
     */
    private int receive(Summands summands, int length, int segment, int extra, RunWork work) {
        int from = from(length, segment);
        int count = to(summands, length, segment) - from;
        incoming.bytes.clear().limit((count + extra) * Float.BYTES);
        handled = 0;
        try {
            links.transfer(outgoing.bytes, incoming.bytes, position -> {
                int arrived = Math.min(count, position / Float.BYTES);
                while (arrived - handled >= Summands.RUN || (arrived == count && handled < count)) {
                    int run = Math.min(Summands.RUN, arrived - handled);
                    work.on(from + handled, from + handled + run, handled);
                    handled += run;
                }
            });
        } catch (IOException e) {
            throw links.broken(e);
        }
        Segment swap = outgoing;
        outgoing = incoming;
        incoming = swap;
        outgoing.bytes.flip();
        return count;
    }

    private int from(int length, int segment) {
        return RingAllreduce.start(length, segment, size);
    }

    /** Where {@code segment}'s summands end: the last segment's before the totals after them. */
    private int to(Summands summands, int length, int segment) {
        return Math.min(summands.length(), RingAllreduce.start(length, segment + 1, size));
    }

    /** A direct buffer of a segment's floats (and in the all-gather its finisher's marks), with a view of them. */
    private static final class Segment {
        final ByteBuffer bytes;
        final FloatBuffer floats;

        Segment(int floats) {
            this.bytes = ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder());
            this.floats = bytes.asFloatBuffer();
        }
    }
}
