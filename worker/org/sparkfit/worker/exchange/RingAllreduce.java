package org.sparkfit.worker.exchange;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * The sum of a float buffer over N tasks, bandwidth-optimal: the tasks form a ring over TCP (each connects to the
 * next and accepts the previous), and a reduce-scatter then an all-gather pass each of N buffer segments N - 1
 * steps round the ring, so each task sends and receives 2(N - 1)/N of the buffer. A task sends on its own thread
 * while it receives, so the ring never stalls on full socket buffers. Connecting, accepting and every read have a
 * timeout; a peer that dies or falls silent ends the sum with an {@link ExchangeException} naming it.
 *
 * <p>Each segment's sum is added up in ring order. With two tasks that is one addition, the same to the bit in
 * either order, so two workers' sums equal any other two-term float sum exactly.
 */
public final class RingAllreduce implements Collective {
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    /** How often a waiting read checks whether its task was cancelled. */
    private static final Duration POLL = Duration.ofSeconds(1);

    private final int rank;
    private final int size;
    private final Socket next;
    private final Socket previous;
    private final OutputStream out;
    private final InputStream in;
    private final Duration timeout;
    private final BooleanSupplier cancelled;
    private final ExecutorService sender;
    private byte[] sendBytes = new byte[0];
    private byte[] receiveBytes = new byte[0];

    private RingAllreduce(int rank, int size, Socket next, Socket previous, Duration timeout,
                          BooleanSupplier cancelled) throws IOException {
        this.rank = rank;
        this.size = size;
        this.next = next;
        this.previous = previous;
        this.timeout = timeout;
        this.cancelled = cancelled;
        this.out = new BufferedOutputStream(next.getOutputStream(), 1 << 16);
        this.in = new BufferedInputStream(previous.getInputStream(), 1 << 16);
        this.sender = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "sparkfit-ring-send-" + rank);
            t.setDaemon(true);
            return t;
        });
    }

    /** A listening socket for this task's place in the ring, opened before the tasks exchange addresses. */
    public static ServerSocket listen(String host) throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(host, 0));
        return server;
    }

    /**
     * Joins the ring: connects to the task after this one and accepts the one before it.
     *
     * @param addresses every task's {@code host:port}, by rank
     * @param server    this task's listening socket (from {@link #listen}), closed once the ring stands
     * @param timeout   how long a connect, an accept or a read may wait
     * @param cancelled checked every second while a read waits: a task Spark has killed stops waiting at once
     */
    public static Collective join(int rank, List<String> addresses, ServerSocket server, Duration timeout,
                                  BooleanSupplier cancelled) throws IOException {
        int size = addresses.size();
        if (size == 1) {
            server.close();
            return Collective.alone();
        }
        int millis = (int) Math.max(1, timeout.toMillis());
        Socket next = connect(addresses.get((rank + 1) % size), timeout);
        Socket previous;
        try (server) {
            server.setSoTimeout(millis);
            previous = server.accept();
        } catch (IOException e) {
            next.close();
            throw new ExchangeException("task " + Math.floorMod(rank - 1, size) + " (" + addresses.get(
                    Math.floorMod(rank - 1, size)) + ") did not connect to task " + rank + " within "
                    + timeout.toSeconds() + " s", e);
        }
        for (Socket socket : List.of(next, previous)) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) Math.min(millis, POLL.toMillis()));
        }
        return new RingAllreduce(rank, size, next, previous, timeout, cancelled);
    }

    private static Socket connect(String hostPort, Duration timeout) throws IOException {
        int colon = hostPort.lastIndexOf(':');
        InetSocketAddress address = new InetSocketAddress(hostPort.substring(0, colon),
                Integer.parseInt(hostPort.substring(colon + 1)));
        long deadline = System.nanoTime() + timeout.toNanos();
        IOException last;
        do {
            Socket socket = new Socket();
            try {
                socket.connect(address, (int) Math.max(1, timeout.toMillis()));
                return socket;
            } catch (IOException e) {
                socket.close();
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
    public void allreduceSum(float[] buffer) {
        int largest = (buffer.length + size - 1) / size * Float.BYTES;
        if (sendBytes.length < largest) {
            sendBytes = new byte[largest];
            receiveBytes = new byte[largest];
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
        int sendBytesCount = (start(buffer.length, send + 1) - sendFrom) * Float.BYTES;
        ByteBuffer.wrap(sendBytes).order(ORDER).asFloatBuffer().put(buffer, sendFrom, sendBytesCount / Float.BYTES);
        Future<?> sent = sender.submit(() -> {
            out.write(sendBytes, 0, sendBytesCount);
            out.flush();
            return null;
        });
        int receiveFrom = start(buffer.length, receive);
        int receiveCount = start(buffer.length, receive + 1) - receiveFrom;
        readFully(receiveBytes, receiveCount * Float.BYTES);
        FloatBuffer received = ByteBuffer.wrap(receiveBytes).order(ORDER).asFloatBuffer();
        if (add) {
            for (int i = 0; i < receiveCount; i++) {
                buffer[receiveFrom + i] += received.get(i);
            }
        } else {
            received.get(buffer, receiveFrom, receiveCount);
        }
        await(sent);
    }

    /** Reads {@code length} bytes, waiting at most the timeout for each, and giving up when the task is cancelled. */
    private void readFully(byte[] into, int length) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int got = 0;
        while (got < length) {
            try {
                int n = in.read(into, got, length - got);
                if (n < 0) {
                    throw new IOException("task " + Math.floorMod(rank - 1, size) + " closed the connection");
                }
                got += n;
                deadline = System.nanoTime() + timeout.toNanos();
            } catch (SocketTimeoutException e) {
                if (cancelled.getAsBoolean()) {
                    throw new IOException("this task was cancelled", e);
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("task " + Math.floorMod(rank - 1, size) + " sent nothing for "
                            + timeout.toSeconds() + " s", e);
                }
            }
        }
    }

    private void await(Future<?> sent) throws IOException {
        try {
            sent.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("task " + Math.floorMod(rank + 1, size) + " took nothing within "
                    + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Where segment {@code segment} of {@code length} values starts; segment {@code size} is the end. */
    private int start(int length, int segment) {
        return (int) ((long) length * segment / size);
    }

    @Override
    public void close() {
        sender.shutdownNow();
        for (Socket socket : new Socket[] {next, previous}) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing a broken connection: nothing is left to release
            }
        }
    }
}
