package org.sparkfit.worker.exchange;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * A task's two connections in the ring, to the next task and from the previous one, and the one move the ring's
 * sums are made of: send a buffer while receiving one, on the task's thread over non-blocking channels, so the ring
 * never stalls on full socket buffers. Every wait has the timeout, and a cancelled task stops waiting within a
 * second.
 */
final class RingLinks implements AutoCloseable {
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

    RingLinks(int rank, int size, SocketChannel next, SocketChannel previous, Duration timeout,
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

    /** Told how far a receive has come, after every read that brought bytes. */
    @FunctionalInterface
    interface Arrivals {
        void upTo(int position);
    }

    /**
     * Writes all of {@code send} to the next task and fills {@code receive} from the previous one, whichever is
     * ready first, telling {@code arrivals} of every read that brought bytes, and waiting at most the timeout without
     * progress on either.
     */
    void transfer(ByteBuffer send, ByteBuffer receive, Arrivals arrivals) throws IOException {
        long lastProgress = System.nanoTime();
        while (true) {
            boolean moved = false;
            if (send.hasRemaining()) {
                moved = next.write(send) > 0;
            }
            if (receive.hasRemaining()) {
                int n = previous.read(receive);
                if (n < 0) {
                    throw new IOException("task " + previousRank() + " closed the connection");
                }
                if (n > 0) {
                    moved = true;
                    arrivals.upTo(receive.position());
                }
            }
            if (!send.hasRemaining() && !receive.hasRemaining()) {
                return;
            }
            if (moved) {
                lastProgress = System.nanoTime();
                continue;
            }
            sending.interestOps(send.hasRemaining() ? SelectionKey.OP_WRITE : 0);
            receiving.interestOps(receive.hasRemaining() ? SelectionKey.OP_READ : 0);
            if (selector.select(Math.min(POLL.toMillis(), Math.max(1, timeout.toMillis()))) > 0) {
                selector.selectedKeys().clear();
                continue;
            }
            if (cancelled.getAsBoolean()) {
                throw new IOException("this task was cancelled");
            }
            if (System.nanoTime() - lastProgress > timeout.toNanos()) {
                throw new IOException(receive.hasRemaining()
                        ? "task " + previousRank() + " sent nothing for " + timeout.toSeconds() + " s"
                        : "task " + (rank + 1) % size + " took nothing within " + timeout.toSeconds() + " s");
            }
        }
    }

    /** What a sum throws when a transfer broke. */
    ExchangeException broken(IOException e) {
        return new ExchangeException("the exchange between task " + rank + " and its neighbours " + previousRank()
                + " and " + (rank + 1) % size + " broke (" + e.getMessage() + "): a task or its executor was lost", e);
    }

    private int previousRank() {
        return Math.floorMod(rank - 1, size);
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
