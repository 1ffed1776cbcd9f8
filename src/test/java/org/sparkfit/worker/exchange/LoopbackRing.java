package org.sparkfit.worker.exchange;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** A ring of tasks as threads of the test's JVM on loopback, each holding one rank, as a barrier stage's tasks do. */
final class LoopbackRing {
    static final String HOST = "127.0.0.1";

    private LoopbackRing() {
    }

    /** Joins {@code size} tasks into a ring and runs {@code work} on each, returning their results by rank. */
    static <T> List<T> run(int size, Duration timeout, Function<Collective, T> work) throws Exception {
        List<ServerSocket> servers = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        for (int r = 0; r < size; r++) {
            ServerSocket server = RingAllreduce.listen(HOST);
            servers.add(server);
            addresses.add(HOST + ":" + server.getLocalPort());
        }
        List<CompletableFuture<T>> tasks = new ArrayList<>();
        for (int r = 0; r < size; r++) {
            int rank = r;
            tasks.add(CompletableFuture.supplyAsync(() -> {
                try (Collective ring = RingAllreduce.join(rank, addresses, servers.get(rank), timeout, () -> false)) {
                    return work.apply(ring);
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
