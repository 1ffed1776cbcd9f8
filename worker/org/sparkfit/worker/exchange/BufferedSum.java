package org.sparkfit.worker.exchange;

/**
 * A sum of {@link Summands} through one flat buffer and {@link Collective#allreduceSum(float[])}, for collectives
 * that cannot reach the other tasks' memory (a task alone, and the ring for a sum of a handful of values): the terms
 * are read in run by run, the totals put after them, the buffer summed, then each run finished and stored while it
 * is in cache. The buffer is kept for the next sum.
 */
final class BufferedSum {
    private float[] buffer = new float[0];

    int allreduceSum(Collective collective, float[] totals, Summands summands) {
        int n = summands.length();
        if (buffer.length != n + totals.length) {
            buffer = new float[n + totals.length];
        }
        for (int from = 0; from < n; from += Summands.RUN) {
            summands.read(from, Math.min(n, from + Summands.RUN), buffer, from);
        }
        System.arraycopy(totals, 0, buffer, n, totals.length);
        collective.allreduceSum(buffer);
        System.arraycopy(buffer, n, totals, 0, totals.length);
        int marks = 0;
        for (int from = 0; from < n; from += Summands.RUN) {
            int to = Math.min(n, from + Summands.RUN);
            marks |= summands.finish(totals, from, to, buffer, from);
            summands.write(from, to, buffer, from);
        }
        return marks;
    }
}
