package org.sparkfit.worker.exchange;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Which collective a barrier stage's task joins, from the addresses the tasks posted at their rendezvous: each is
 * {@code host:port/process}, the task's ring socket and the JVM it runs in. When every task runs in this JVM (local
 * mode, or one executor) they sum in memory ({@link InProcessAllreduce}); otherwise they form the TCP ring
 * ({@link RingAllreduce}), and when that ring is on one host they sum through shared memory beside it
 * ({@link SharedMemoryAllreduce}). All give the same sums to the bit.
 */
public final class TaskCollectives {
    private TaskCollectives() {
    }

    /** The address this task posts: its ring's listening socket on {@code host}, and this JVM. */
    public static String address(String host, ServerSocket server) {
        return host + ":" + server.getLocalPort() + "/" + InProcessAllreduce.PROCESS;
    }

    /**
     * Joins the other tasks of {@code group} (one stage attempt).
     *
     * @param addresses every task's {@link #address}, by rank
     * @param server    this task's listening socket, closed once the collective stands
     * @param timeout   how long a connect, an accept or a wait for a peer may last
     * @param cancelled checked every second while a peer is awaited
     */
    public static Collective join(String group, int rank, List<String> addresses, ServerSocket server,
                                  Duration timeout, BooleanSupplier cancelled) throws IOException {
        if (addresses.stream().allMatch(a -> process(a).equals(InProcessAllreduce.PROCESS))) {
            server.close();
            return InProcessAllreduce.join(group, rank, addresses.size(), timeout, cancelled);
        }
        List<String> sockets = addresses.stream().map(a -> a.substring(0, a.lastIndexOf('/'))).toList();
        Collective ring = RingAllreduce.join(rank, sockets, server, timeout, cancelled);
        boolean oneHost = sockets.stream().map(a -> a.substring(0, a.lastIndexOf(':'))).distinct().count() == 1;
        return oneHost ? SharedMemoryAllreduce.over(ring, group) : ring;
    }

    private static String process(String address) {
        return address.substring(address.lastIndexOf('/') + 1);
    }
}
