package org.sparkfit.worker.exchange;

/**
 * A task's terms in an array, stored into another; finishing multiplies each sum by the first summed total and
 * marks where its values lie: one bit for each 31st of the values, so the marks tell whose runs were finished.
 */
class ArrayTerms implements Summands {
    final float[] terms;
    final float[] totals;
    final float[] stored;

    ArrayTerms(float[] terms, float[] totals) {
        this.terms = terms;
        this.totals = totals;
        this.stored = new float[terms.length];
    }

    /** Seeded Gaussian terms for {@code rank}, and totals of the rank plus one and two more seeded values. */
    static ArrayTerms of(int rank, int length) {
        float[] more = TaskThreads.values(2, 100 + rank);
        return new ArrayTerms(TaskThreads.values(length, rank), new float[] {rank + 1, more[0], more[1]});
    }

    @Override
    public int length() {
        return terms.length;
    }

    @Override
    public void read(int from, int to, float[] into, int at) {
        System.arraycopy(terms, from, into, at, to - from);
    }

    @Override
    public int finish(float[] totals, int from, int to, float[] sums, int at) {
        int bits = 0;
        for (int i = at; i < at + to - from; i++) {
            sums[i] *= totals[0];
            bits |= mark(from + i - at, terms.length);
        }
        return bits;
    }

    /** The mark of value {@code index} of {@code length}: bit {@code 31 x index / length}. */
    static int mark(int index, int length) {
        return 1 << (int) (31L * index / length);
    }

    @Override
    public void write(int from, int to, float[] sums, int at) {
        System.arraycopy(sums, at, stored, from, to - from);
    }
}
