package org.sparkfit.worker.exchange;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The sum of a float buffer over N tasks that run in one JVM (local mode, or a stage whose tasks all landed on one
 * executor): no sockets and no copies through byte buffers; each task sums its own segment of every task's buffer
 * and writes that sum into every buffer, between two barriers. Each segment is added up in the order
 * {@link RingAllreduce} adds it (starting from the task of the segment's number, then round the ring), so the sums
 * equal the ring's to the bit and a run's model does not depend on where its tasks ran. Every wait has the
 * timeout and checks the task's cancellation each second; a task that closes while the others wait for it ends
 * their sums with an {@link ExchangeException} naming it.
 */
public final class InProcessAllreduce implements Collective {
    /** This JVM's name in the tasks' rendezvous: tasks that report the same one can sum in memory. */
    public static final String PROCESS = UUID.randomUUID().toString();
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final Map<String, Group> GROUPS = new ConcurrentHashMap<>();

    private final String name;
    private final Group group;
    private final int rank;
    private final Duration timeout;
    private final BooleanSupplier cancelled;

    private InProcessAllreduce(String name, Group group, int rank, Duration timeout, BooleanSupplier cancelled) {
        this.name = name;
        this.group = group;
        this.rank = rank;
        this.timeout = timeout;
        this.cancelled = cancelled;
    }

    /**
     * Joins the tasks of {@code name} (unique to one stage attempt) in this JVM.
     *
     * @param timeout   how long a task waits for the others at each barrier
     * @param cancelled checked every second while waiting: a task Spark has killed stops at once
     */
    public static Collective join(String name, int rank, int size, Duration timeout, BooleanSupplier cancelled) {
        if (size == 1) {
            return Collective.alone();
        }
        Group group = GROUPS.computeIfAbsent(name, key -> new Group(size));
        if (group.buffers.length != size) {
            throw new IllegalArgumentException("the exchange " + name + " has " + group.buffers.length
                    + " tasks, not " + size);
        }
        group.join();
        return new InProcessAllreduce(name, group, rank, timeout, cancelled);
    }

    @Override
    public int rank() {
        return rank;
    }

    @Override
    public int size() {
        return group.buffers.length;
    }

    @Override
    public void allreduceSum(float[] buffer) {
        int size = size();
        group.buffers[rank] = buffer;
        group.await(rank, timeout, cancelled);
        float[][] buffers = group.buffers;
        for (int k = 0; k < size; k++) {
            if (buffers[k].length != buffer.length) {
                throw new IllegalArgumentException("task " + rank + "'s buffer holds " + buffer.length
                        + " values, task " + k + "'s " + buffers[k].length);
            }
        }
        int from = (int) ((long) buffer.length * rank / size);
        int to = (int) ((long) buffer.length * (rank + 1) / size);
        for (int k = 1; k < size; k++) {
            float[] other = buffers[(rank + k) % size];
            for (int i = from; i < to; i++) {
                buffer[i] += other[i];
            }
        }
        for (int k = 1; k < size; k++) {
            System.arraycopy(buffer, from, buffers[(rank + k) % size], from, to - from);
        }
        // Nobody reads another task's buffer after this barrier, and nobody writes one before the next sum's first.
        group.await(rank, timeout, cancelled);
    }

    @Override
    public void close() {
        if (group.leave(rank)) {
            GROUPS.remove(name, group);
        }
    }

    /** The tasks of one stage attempt: their buffers and a barrier that notices a task leaving. */
    private static final class Group {
        private final float[][] buffers;
        private final long[] arrivals;
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition passed = lock.newCondition();
        private long generation;
        private int waiting;
        private int joined;
        private int left;
        private int leaver = -1;

        Group(int size) {
            this.buffers = new float[size][];
            this.arrivals = new long[size];
        }

        void join() {
            lock.lock();
            try {
                joined++;
            } finally {
                lock.unlock();
            }
        }

        /**
         * Marks {@code rank} gone, waking tasks that wait for it; true when all the group's tasks have left. Until
         * then the group stays, so a task that joins after another has left fails at once instead of founding a new
         * group and waiting out the timeout; once every task that joined has left, no sum can be running and the
         * buffers are let go.
         */
        boolean leave(int rank) {
            lock.lock();
            try {
                left++;
                if (leaver < 0) {
                    leaver = rank;
                }
                passed.signalAll();
                if (left == joined) {
                    Arrays.fill(buffers, null);
                }
                return left == buffers.length;
            } finally {
                lock.unlock();
            }
        }

        void await(int rank, Duration timeout, BooleanSupplier cancelled) {
            lock.lock();
            try {
                if (leaver >= 0) {
                    throw left(rank);
                }
                long mine = generation;
                arrivals[rank] = mine + 1;
                if (++waiting == buffers.length) {
                    waiting = 0;
                    generation++;
                    passed.signalAll();
                    return;
                }
                long deadline = System.nanoTime() + timeout.toNanos();
                while (generation == mine) {
                    if (leaver >= 0) {
                        throw left(rank);
                    }
                    long remaining = deadline - System.nanoTime();
                    if (remaining <= 0) {
                        throw new ExchangeException(absent(mine) + " did not reach the exchange within "
                                + timeout.toSeconds() + " s", null);
                    }
                    passed.await(Math.min(remaining, POLL.toNanos()), TimeUnit.NANOSECONDS);
                    if (generation == mine && cancelled.getAsBoolean()) {
                        throw new ExchangeException("task " + rank + " was cancelled while it waited for "
                                + absent(mine), null);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ExchangeException("task " + rank + " was interrupted in the exchange", e);
            } finally {
                lock.unlock();
            }
        }

        private ExchangeException left(int rank) {
            return new ExchangeException("task " + leaver + " left the exchange while task " + rank + " waited for it: "
                    + "a task failed or was killed", null);
        }

        private String absent(long generation) {
            StringJoiner absent = new StringJoiner(", ");
            int count = 0;
            for (int r = 0; r < arrivals.length; r++) {
                if (arrivals[r] <= generation) {
                    absent.add(Integer.toString(r));
                    count++;
                }
            }
            return (count == 1 ? "task " : "tasks ") + absent;
        }
    }
}
