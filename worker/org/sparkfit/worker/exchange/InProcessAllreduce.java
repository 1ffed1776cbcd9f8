package org.sparkfit.worker.exchange;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The sum over N tasks that run in one JVM (local mode, or a stage whose tasks all landed on one executor): no
 * sockets and no copies through byte buffers. A buffer is summed by each task adding up its own segment of every
 * task's buffer and writing that sum into every buffer, between two barriers; {@link Summands} are summed straight
 * from every task's memory (a network's) into every task's, run by run, by whichever task takes the run. Each value
 * is added up in the order {@link RingAllreduce} adds it (starting from the task of its segment's number, then round
 * the ring), so the sums equal the ring's to the bit and a run's model does not depend on where its tasks ran.
 * Every wait has the timeout and checks the task's cancellation each second; a task that closes while the others
 * wait for it ends their sums with an {@link ExchangeException} naming it.
 */
public final class InProcessAllreduce implements Collective {
    /** This JVM's name in the tasks' rendezvous: tasks that report the same one can sum in memory. */
    public static final String PROCESS = UUID.randomUUID().toString();
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final Runnable NOTHING = () -> { };
    /** About 0.1 ms of spinning: a run takes microseconds to sum and store, so the last one is soon done. */
    private static final int SPINS = 2_000;
    private static final Map<String, Group> GROUPS = new ConcurrentHashMap<>();

    private final String name;
    private final Group group;
    private final int rank;
    private final Duration timeout;
    private final BooleanSupplier cancelled;
    private final float[] sum = new float[Summands.RUN];
    private final float[] term = new float[Summands.RUN];
    private boolean closed;

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
        group.await(rank, timeout, cancelled, NOTHING);
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
        group.await(rank, timeout, cancelled, NOTHING);
    }

    /**
     * Sums straight from every task's summands into every task's summands: after the first barrier the tasks take
     * runs of values in turn from a shared count (so the task that arrived last starts at once, and one woken late
     * joins in for what is left), sum each run in the ring's order into a buffer of their own, finish it and store
     * it into every task; the sum ends when every run is stored. The task that arrives last sums the totals, in the
     * ring's order too, before it lets the others go.
     */
    @Override
    public int allreduceSum(float[] totals, Summands summands) {
        group.summands[rank] = summands;
        group.totals[rank] = totals;
        group.await(rank, timeout, cancelled, group::startSum);
        RingRuns runs = group.runs;
        Summands[] all = group.summands;
        int size = all.length;
        int marks = 0;
        int published = 0;
        for (int r = group.nextRun.getAndIncrement(); r < runs.count(); r = group.nextRun.getAndIncrement()) {
            if (group.leaver >= 0) {
                throw group.left(rank);
            }
            int from = runs.from(r);
            int length = runs.to(r) - from;
            int first = runs.segment(r);
            all[first].read(from, from + length, sum, 0);
            for (int k = 1; k < size; k++) {
                all[(first + k) % size].read(from, from + length, term, 0);
                for (int i = 0; i < length; i++) {
                    sum[i] += term[i];
                }
            }
            marks |= summands.finish(group.totalSums, from, from + length, sum, 0);
            for (Summands each : all) {
                each.write(from, from + length, sum, 0);
            }
            if ((marks & ~published) != 0) {
                group.marks.getAndAccumulate(marks, (a, b) -> a | b);
                published = marks;
            }
            group.stored();
        }
        group.awaitStored(rank, timeout, cancelled);
        System.arraycopy(group.totalSums, 0, totals, 0, totals.length);
        return group.marks.get();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (group.leave(rank)) {
                GROUPS.remove(name, group);
            }
        }
    }

    /** The tasks of one stage attempt: their buffers and a barrier that notices a task leaving. */
    private static final class Group {
        private final float[][] buffers;
        private final Summands[] summands;
        private final float[][] totals;
        private final AtomicInteger nextRun = new AtomicInteger();
        private final AtomicInteger storedRuns = new AtomicInteger();
        private final AtomicInteger marks = new AtomicInteger();
        private float[] totalSums = new float[0];
        private RingRuns runs = new RingRuns(0, 0, 1);
        private final long[] arrivals;
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition passed = lock.newCondition();
        private long generation;
        private int waiting;
        private int joined;
        private int left;
        private volatile int leaver = -1;

        Group(int size) {
            this.buffers = new float[size][];
            this.summands = new Summands[size];
            this.totals = new float[size][];
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
                    Arrays.fill(summands, null);
                    Arrays.fill(totals, null);
                }
                return left == buffers.length;
            } finally {
                lock.unlock();
            }
        }

        /**
         * Readies a sum of summands, on the last task to arrive: checks that the tasks bring as many values, sums
         * their totals in the ring's order for where the totals lie (after the summands), and resets the counts.
         */
        void startSum() {
            int length = summands[0].length();
            int totalsLength = totals[0].length;
            for (int k = 1; k < summands.length; k++) {
                if (summands[k].length() != length || totals[k].length != totalsLength) {
                    throw new IllegalArgumentException("task 0 sums " + length + " values and " + totalsLength
                            + " totals, task " + k + " " + summands[k].length() + " and " + totals[k].length);
                }
            }
            if (runs.length() != length || runs.totalsLength() != totalsLength) {
                runs = new RingRuns(length, totalsLength, summands.length);
                totalSums = new float[totalsLength];
            }
            for (int i = 0; i < totalsLength; i++) {
                int index = i;
                totalSums[i] = runs.sumAt(length + i, task -> totals[task][index]);
            }
            nextRun.set(0);
            storedRuns.set(0);
            marks.set(0);
        }

        /** Counts a run stored into every task; the last wakes the tasks waiting for it. */
        void stored() {
            if (storedRuns.incrementAndGet() == runs.count()) {
                lock.lock();
                try {
                    passed.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        }

        /** Waits until every run of the sum is stored: spinning first, since the last ones are being summed. */
        void awaitStored(int rank, Duration timeout, BooleanSupplier cancelled) {
            int count = runs.count();
            for (int spin = 0; spin < SPINS && storedRuns.get() < count; spin++) {
                Thread.onSpinWait();
            }
            if (storedRuns.get() == count) {
                return;
            }
            lock.lock();
            try {
                long deadline = System.nanoTime() + timeout.toNanos();
                while (storedRuns.get() < count) {
                    if (leaver >= 0) {
                        throw left(rank);
                    }
                    long remaining = deadline - System.nanoTime();
                    if (remaining <= 0) {
                        throw new ExchangeException("task " + rank + " waited " + timeout.toSeconds()
                                + " s for the others to store their part of the sum", null);
                    }
                    passed.await(Math.min(remaining, POLL.toNanos()), TimeUnit.NANOSECONDS);
                    if (storedRuns.get() < count && cancelled.getAsBoolean()) {
                        throw new ExchangeException("task " + rank + " was cancelled while the others stored "
                                + "their part of the sum", null);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ExchangeException("task " + rank + " was interrupted in the exchange", e);
            } finally {
                lock.unlock();
            }
        }

        /** Waits for every task at this barrier; the last to arrive runs {@code lastArrives} and lets them go. */
        void await(int rank, Duration timeout, BooleanSupplier cancelled, Runnable lastArrives) {
            lock.lock();
            try {
                if (leaver >= 0) {
                    throw left(rank);
                }
                long mine = generation;
                arrivals[rank] = mine + 1;
                if (++waiting == buffers.length) {
                    lastArrives.run();
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
