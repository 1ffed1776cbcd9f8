package org.sparkfit.worker.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;

/** A barrier stage's tasks as threads of the test's JVM, each holding one rank of a collective. */
final class TaskThreads {
    static final String HOST = "127.0.0.1";

    private TaskThreads() {
    }

    /** {@code length} Gaussian values of spread 100 from {@code seed}: one task's buffer. */
    static float[] values(int length, long seed) {
        Random random = new Random(seed);
        float[] v = new float[length];
        for (int i = 0; i < length; i++) {
            v[i] = (float) random.nextGaussian() * 100;
        }
        return v;
    }

    /**
     * Sums this task's {@link #values} (seeded by its rank), then a buffer of zeros, as a next round would: returns
     * the first buffer, which the second sum must leave alone.
     */
    static float[] sumTwice(Collective collective, int length) {
        float[] buffer = values(length, collective.rank());
        collective.allreduceSum(buffer);
        collective.allreduceSum(new float[length]);
        return buffer;
    }

    /**
     * Sums this task's {@link ArrayTerms} (rank 0 arriving late), then terms of ones, as a next round would: returns
     * the first sum's stored values, its totals and its marks, which the second sum must leave alone.
     */
    static float[] sumTermsTwice(Collective collective, int length) {
        ArrayTerms terms = ArrayTerms.of(collective.rank(), length);
        if (collective.rank() == 0) {
            sleep(50);
        }
        int marks = collective.allreduceSum(terms.totals, terms);
        float[] ones = new float[length];
        Arrays.fill(ones, 1f);
        ArrayTerms next = new ArrayTerms(ones, new float[] {1, 0, 0});
        collective.allreduceSum(next.totals, next);
        assertEquals(collective.size(), next.totals[0]);
        for (float stored : next.stored) {
            assertEquals(collective.size() * collective.size(), stored);
        }
        float[] result = Arrays.copyOf(terms.stored, length + 4);
        System.arraycopy(terms.totals, 0, result, length, 3);
        result[length + 3] = Float.intBitsToFloat(marks);
        return result;
    }

    /**
     * Sums ten runs of terms, of which task 1 cannot read those from the sixth on: returns {@code summed}, or the
     * message the sum failed with. Whichever tasks take the failing runs fail; each closes its collective as a
     * task's end does.
     */
    static String sumWithTask1Failing(Collective collective) {
        ArrayTerms terms = new ArrayTerms(new float[10 * Summands.RUN], new float[] {1}) {
            @Override
            public void read(int from, int to, float[] into, int at) {
                if (collective.rank() == 1 && from >= 5 * Summands.RUN) {
                    throw new IllegalStateException("task 1's terms are gone");
                }
                super.read(from, to, into, at);
            }
        };
        try {
            collective.allreduceSum(terms.totals, terms);
            return "summed";
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }

    /** A task's way into its collective, by rank. */
    interface Join {
        Collective join(int rank) throws IOException;
    }

    /** Joins {@code size} tasks into a ring on loopback and runs {@code work} on each, returning results by rank. */
    static <T> List<T> ring(int size, Duration timeout, Function<Collective, T> work) throws Exception {
        return ring(size, timeout, (rank, ring) -> ring, work);
    }

    /**
     * Joins {@code size} tasks into a ring on loopback that sum through shared memory, each task looking for the
     * shared file in its {@code directories} entry, and runs {@code work} on each.
     */
    static <T> List<T> sharedMemory(int size, List<Path> directories, Duration timeout, Function<Collective, T> work)
            throws Exception {
        String group = "test-" + System.nanoTime();
        return ring(size, timeout, (rank, ring) -> new SharedMemoryAllreduce(ring, group, directories.get(rank)),
                work);
    }

    private static <T> List<T> ring(int size, Duration timeout, BiFunction<Integer, Collective, Collective> over,
                                    Function<Collective, T> work) throws Exception {
        List<ServerSocket> servers = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        for (int r = 0; r < size; r++) {
            ServerSocket server = RingAllreduce.listen(HOST);
            servers.add(server);
            addresses.add(HOST + ":" + server.getLocalPort());
        }
        return run(size, rank -> over.apply(rank, RingAllreduce.join(rank, addresses, servers.get(rank), timeout,
                () -> false)), work);
    }

    /** Joins {@code size} tasks in memory ({@link InProcessAllreduce}) and runs {@code work} on each. */
    static <T> List<T> inProcess(int size, Duration timeout, Function<Collective, T> work) throws Exception {
        String group = "test-" + System.nanoTime();
        return run(size, rank -> InProcessAllreduce.join(group, rank, size, timeout, () -> false), work);
    }

    /** Runs {@code work} on {@code size} threads, each in the collective {@code join} gives its rank. */
    static <T> List<T> run(int size, Join join, Function<Collective, T> work) throws Exception {
        List<CompletableFuture<T>> tasks = new ArrayList<>();
        for (int r = 0; r < size; r++) {
            int rank = r;
            tasks.add(CompletableFuture.supplyAsync(() -> {
                try (Collective collective = join.join(rank)) {
                    return work.apply(collective);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, runnable -> new Thread(runnable).start()));
        }
        List<T> results = new ArrayList<>();
        for (CompletableFuture<T> task : tasks) {
            results.add(task.get(120, TimeUnit.SECONDS));
        }
        return results;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
