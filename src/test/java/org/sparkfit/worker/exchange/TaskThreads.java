package org.sparkfit.worker.exchange;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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

    /** A task's way into its collective, by rank. */
    interface Join {
        Collective join(int rank) throws IOException;
    }

    /** Joins {@code size} tasks into a ring on loopback and runs {@code work} on each, returning results by rank. */
    static <T> List<T> ring(int size, Duration timeout, Function<Collective, T> work) throws Exception {
        List<ServerSocket> servers = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        for (int r = 0; r < size; r++) {
            ServerSocket server = RingAllreduce.listen(HOST);
            servers.add(server);
            addresses.add(HOST + ":" + server.getLocalPort());
        }
        return run(size, rank -> RingAllreduce.join(rank, addresses, servers.get(rank), timeout, () -> false), work);
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
}
