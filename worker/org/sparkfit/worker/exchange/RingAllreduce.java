package org.sparkfit.worker.exchange;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The sum of a float buffer over N tasks, bandwidth-optimal: the tasks form a ring over TCP (each connects to the
 * next and accepts the previous), and a reduce-scatter then an all-gather pass each of N buffer segments N - 1
 * steps round the ring, so each task sends and receives 2(N - 1)/N of the buffer. Each step sends to the next task
 * while it receives from the previous one, on one thread over non-blocking channels and off-heap buffers, so the
 * ring never stalls on full socket buffers and no byte is copied on the Java heap. Connecting, accepting and every
 * wait have a timeout; a peer that dies or falls silent ends the sum with an {@link ExchangeException} naming it.
 *
 * <p>Each segment's sum is added up in ring order. With two tasks that is one addition, the same to the bit in
 * either order, so two workers' sums equal any other two-term float sum exactly.
 */
public final class RingAllreduce implements Collective {
    /** How often a wait checks whether its task was cancelled. */
    private static final Duration POLL = Duration.ofSeconds(1);

    private final int rank;
    private final int size;
    private final SocketChannel next;
    private final SocketChannel previous;
    private final Selector selector;
    private final SelectionKey sending;
    private final SelectionKey receiving;
    private final Duration timeout;
    private final BooleanSupplier cancelled;
    private final BufferedSum buffered = new BufferedSum();
    private ByteBuffer sendBytes = ByteBuffer.allocateDirect(0);
    private ByteBuffer receiveBytes = ByteBuffer.allocateDirect(0);
    private float[] received = new float[0];

    private RingAllreduce(int rank, int size, SocketChannel next, SocketChannel previous, Duration timeout,
                          BooleanSupplier cancelled) throws IOException {
        this.rank = rank;
        this.size = size;
        this.next = next;
        this.previous = previous;
        this.timeout = timeout;
        this.cancelled = cancelled;
        this.selector = Selector.open();
        next.configureBlocking(false);
        previous.configureBlocking(false);
        this.sending = next.register(selector, 0);
        this.receiving = previous.register(selector, 0);
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
        return new RingAllreduce(rank, size, next, previous, timeout, cancelled);
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
        return buffered.allreduceSum(this, totals, summands);
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
            throw new ExchangeException("the exchange between task " + rank + " and its neighbours "
                    + Math.floorMod(rank - 1, size) + " and " + Math.floorMod(rank + 1, size) + " broke ("
                    + e.getMessage() + "): a task or its executor was lost", e);
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
        transfer();
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

    /**
     * Writes all of {@code sendBytes} to the next task and fills {@code receiveBytes} from the previous one,
     * whichever is ready first, waiting at most the timeout without progress on either.
     */
    private void transfer() throws IOException {
        long lastProgress = System.nanoTime();
        while (true) {
            boolean moved = false;
            if (sendBytes.hasRemaining()) {
                moved = next.write(sendBytes) > 0;
            }
            if (receiveBytes.hasRemaining()) {
                int n = previous.read(receiveBytes);
                if (n < 0) {
                    throw new IOException("task " + Math.floorMod(rank - 1, size) + " closed the connection");
                }
                moved |= n > 0;
            }
            if (!sendBytes.hasRemaining() && !receiveBytes.hasRemaining()) {
                return;
            }
            if (moved) {
                lastProgress = System.nanoTime();
                continue;
            }
            sending.interestOps(sendBytes.hasRemaining() ? SelectionKey.OP_WRITE : 0);
            receiving.interestOps(receiveBytes.hasRemaining() ? SelectionKey.OP_READ : 0);
            if (selector.select(Math.min(POLL.toMillis(), Math.max(1, timeout.toMillis()))) > 0) {
                selector.selectedKeys().clear();
                continue;
            }
            if (cancelled.getAsBoolean()) {
                throw new IOException("this task was cancelled");
            }
            if (System.nanoTime() - lastProgress > timeout.toNanos()) {
                throw new IOException(receiveBytes.hasRemaining()
                        ? "task " + Math.floorMod(rank - 1, size) + " sent nothing for " + timeout.toSeconds() + " s"
                        : "task " + Math.floorMod(rank + 1, size) + " took nothing within " + timeout.toSeconds()
                        + " s");
            }
        }
    }

    /** Where segment {@code segment} of {@code length} values starts; segment {@code size} is the end. */
    private int start(int length, int segment) {
        return (int) ((long) length * segment / size);
    }

    @Override
    public void close() {
        for (AutoCloseable closeable : new AutoCloseable[] {selector, next, previous}) {
            try {
                closeable.close();
            } catch (Exception e) {
                // closing a broken connection: nothing is left to release
            }
        }
    }
}
