package org.sparkfit.worker.exchange;

/**
 * Collective operations among the tasks of one barrier stage, which hold one rank each. A training loop sums its
 * buffers through this interface and does not know how the bytes travel: over TCP between JVMs
 * ({@link RingAllreduce}), or, in a build for GPUs, between device buffers (NCCL's ring has the same contract).
 */
public interface Collective extends AutoCloseable {

    /** This task's place among the {@link #size()} tasks, from 0. */
    int rank();

    int size();

    /**
     * Replaces {@code buffer} (the same length on every task) with the element-wise sum of every task's buffer.
     *
     * @throws ExchangeException when a peer is lost or silent past the timeout
     */
    void allreduceSum(float[] buffer);

    /**
     * Sums {@code totals} (a few values, as many on every task) and every task's {@code summands}: the totals are
     * replaced by their sums, and each run of summed terms is finished once ({@link Summands#finish}) and stored into
     * every task's summands. The additions are those of {@link #allreduceSum(float[])} on one buffer holding the
     * summands and then the totals, so the sums have the same bits either way.
     *
     * @return the OR of what finishing returned over every run: the same on every task
     * @throws ExchangeException when a peer is lost or silent past the timeout
     */
    int allreduceSum(float[] totals, Summands summands);

    @Override
    void close();

    /** The collective of a stage of one task: every sum is the buffer itself. */
    static Collective alone() {
        return new Collective() {
            private final BufferedSum buffered = new BufferedSum();

            @Override
            public int rank() {
                return 0;
            }

            @Override
            public int size() {
                return 1;
            }

            @Override
            public void allreduceSum(float[] buffer) {
            }

            @Override
            public int allreduceSum(float[] totals, Summands summands) {
                return buffered.allreduceSum(this, totals, summands);
            }

            @Override
            public void close() {
            }
        };
    }
}
