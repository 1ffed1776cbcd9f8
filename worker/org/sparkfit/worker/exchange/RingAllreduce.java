package org.sparkfit.worker.exchange;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The sum of a float buffer over N tasks, bandwidth-optimal: the tasks form a ring over TCP (each connects to the
 * next and accepts the previous), and a reduce-scatter then an all-gather pass each of N buffer segments N - 1
 * steps round the ring, so each task sends and receives 2(N - 1)/N of the buffer. Each step sends to the next task
 * while it receives from the previous one ({@link RingLinks}), and a sum of {@link Summands} streams from and into
 * them ({@link StreamedRingSum}). Connecting, accepting and every wait have a timeout; a peer that dies or falls
 * silent ends the sum with an {@link ExchangeException} naming it.
 *
 * <p>Each segment's sum is added up in ring order. With two tasks that is one addition, the same to the bit in
 * either order, so two workers' sums equal any other two-term float sum exactly.
 */
public final class RingAllreduce implements Collective {
    private final int rank;
    private final int size;
    private final RingLinks links;
    private final StreamedRingSum streamed;
    private final BufferedSum buffered = new BufferedSum();
    private ByteBuffer sendBytes = ByteBuffer.allocateDirect(0);
    private ByteBuffer receiveBytes = ByteBuffer.allocateDirect(0);
    private float[] received = new float[0];

    private RingAllreduce(int rank, int size, RingLinks links) {
        this.rank = rank;
        this.size = size;
        this.links = links;
        this.streamed = new StreamedRingSum(links, rank, size);
    }

    /** A listening socket for this task's place in the ring, opened before the tasks exchange addresses. */
    public static ServerSocket listen(String host) throws IOException {
        return listen(host, 0);
    }

    /** A listening socket on {@code port} (0: one the system picks). */
    public static ServerSocket listen(String host, int port) throws IOException {
        ServerSocketChannel channel = ServerSocketChannel.open();
        channel.bind(new InetSocketAddress(host, port));
        return channel.socket();
    }

    /**
     * Joins the ring: connects to the task after this one and accepts the one before it.
     *
     * @param addresses every task's {@code host:port}, by rank
     * @param server    this task's listening socket (from {@link #listen}), closed once the ring stands
     * @param timeout   how long a connect, an accept or a wait for a peer may last
     * @param cancelled checked every second while a peer is awaited: a task Spark has killed stops at once
     */
    public static Collective join(int rank, List<String> addresses, ServerSocket server, Duration timeout,
                                  BooleanSupplier cancelled) throws IOException {
        int size = addresses.size();
        if (size == 1) {
            server.close();
            return Collective.alone();
        }
        SocketChannel next = connect(addresses.get((rank + 1) % size), timeout);
        SocketChannel previous;
        try (server) {
            server.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            Socket accepted = server.accept();
            previous = accepted.getChannel();
        } catch (IOException e) {
            next.close();
            throw new ExchangeException("task " + Math.floorMod(rank - 1, size) + " (" + addresses.get(
                    Math.floorMod(rank - 1, size)) + ") did not connect to task " + rank + " within "
                    + timeout.toSeconds() + " s", e);
        }
        for (SocketChannel channel : List.of(next, previous)) {
            channel.socket().setTcpNoDelay(true);
        }
        return new RingAllreduce(rank, size, new RingLinks(rank, size, next, previous, timeout, cancelled));
    }

    private static SocketChannel connect(String hostPort, Duration timeout) throws IOException {
        InetSocketAddress address = HostPort.parse(hostPort);
        long deadline = System.nanoTime() + timeout.toNanos();
        IOException last;
        do {
            SocketChannel channel = SocketChannel.open();
            try {
                channel.socket().connect(address, (int) Math.max(1, timeout.toMillis()));
                return channel;
            } catch (IOException e) {
                channel.close();
                last = e;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        } while (System.nanoTime() < deadline);
        throw new ExchangeException("could not connect to the next task at " + hostPort + " within "
                + timeout.toSeconds() + " s", last);
    }

    @Override
    public int rank() {
        return rank;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int allreduceSum(float[] totals, Summands summands) {
        return StreamedRingSum.fits(summands.length(), totals.length, size)
                ? streamed.sum(this, totals, summands) : buffered.allreduceSum(this, totals, summands);
    }

    @Override
    public void allreduceSum(float[] buffer) {
        int largest = (buffer.length + size - 1) / size * Float.BYTES;
        if (sendBytes.capacity() < largest) {
            sendBytes = ByteBuffer.allocateDirect(largest).order(ByteOrder.nativeOrder());
            receiveBytes = ByteBuffer.allocateDirect(largest).order(ByteOrder.nativeOrder());
            received = new float[largest / Float.BYTES];
        }
        try {
            // Reduce-scatter: after step s this task holds the sum of s + 2 tasks' segment rank - s - 1.
            for (int s = 0; s < size - 1; s++) {
                step(buffer, Math.floorMod(rank - s, size), Math.floorMod(rank - s - 1, size), true);
            }
            // All-gather: the finished segments travel on round the ring.
            for (int s = 0; s < size - 1; s++) {
                step(buffer, Math.floorMod(rank - s + 1, size), Math.floorMod(rank - s, size), false);
            }
        } catch (IOException e) {
            throw links.broken(e);
        }
    }

    /** Sends segment {@code send} to the next task while receiving segment {@code receive} from the previous one. */
    private void step(float[] buffer, int send, int receive, boolean add) throws IOException {
        int sendFrom = start(buffer.length, send);
        int sendCount = start(buffer.length, send + 1) - sendFrom;
        sendBytes.clear();
        sendBytes.asFloatBuffer().put(buffer, sendFrom, sendCount);
        sendBytes.limit(sendCount * Float.BYTES);
        int receiveFrom = start(buffer.length, receive);
        int receiveCount = start(buffer.length, receive + 1) - receiveFrom;
        receiveBytes.clear().limit(receiveCount * Float.BYTES);
        links.transfer(sendBytes, receiveBytes, position -> { });
        FloatBuffer floats = receiveBytes.flip().asFloatBuffer();
        if (add) {
            floats.get(received, 0, receiveCount);
            for (int i = 0; i < receiveCount; i++) {
                buffer[receiveFrom + i] += received[i];
            }
        } else {
            floats.get(buffer, receiveFrom, receiveCount);
        }
    }

    private int start(int length, int segment) {
        return start(length, segment, size);
    }

    /** Where segment {@code segment} of {@code length} values among {@code size} starts; segment size is the end. */
    static int start(int length, int segment, int size) {
        return (int) ((long) length * segment / size);
    }

    @Override
    public void close() {
        links.close();
    }
}
