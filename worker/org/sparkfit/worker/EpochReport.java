package org.sparkfit.worker;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import org.sparkfit.worker.exchange.HostPort;
import org.sparkfit.worker.exchange.Rendezvous;

/**
 * How a task of a training stage hands the driver each epoch it ends and learns whether to go on. It sends its
 * {@link EpochResult} to the driver's tracker (one line naming the stage attempt, its rank, the tasks and the epoch,
 * then the serialized result without its state, then the state's floats as raw little-endian bytes, run by run, so
 * that the state costs a copy rather than Java serialization's pass per value and its own copy in a large array that
 * the garbage collector must handle). The driver writes back one line once it has every task's result of that epoch
 * and has decided (early stopping, a divergence, the last epoch): {@code continue} or {@code stop}. The task reads
 * it when it must know ({@link Answer}): before its first exchange of the next epoch, which it trains meanwhile, so
 * that the driver takes an epoch while the next one runs. One barrier stage thus trains every epoch of a run, each
 * task keeping its network, while the driver keeps each epoch's history, checkpoint and early stopping; between
 * epochs this is the only message through the driver.
 */
public final class EpochReport {
    private static final String KIND = "epoch";
    private static final String CONTINUE = "continue";
    private static final String STOP = "stop";
    /** The state travels in runs of this many bytes, copied through one small buffer. */
    private static final int RUN_BYTES = 64 * 1024;

    private EpochReport() {
    }

    /**
     * The line before a report's bytes: the stage attempt, the task's rank among {@code size}, the epoch (0-based),
     * the serialized result's bytes and the floats of the state after them.
     */
    public record Header(String stage, int rank, int size, int epoch, int bytes, int floats) {

        /** Parses a line written by {@link #line}; null when it is not one. */
        public static Header parse(String line) {
            String[] parts = line == null ? new String[0] : line.split(" ");
            if (parts.length != 7 || !parts[0].equals(KIND)) {
                return null;
            }
            try {
                int rank = Integer.parseInt(parts[2]);
                int size = Integer.parseInt(parts[3]);
                int epoch = Integer.parseInt(parts[4]);
                int bytes = Integer.parseInt(parts[5]);
                int floats = Integer.parseInt(parts[6]);
                return rank >= 0 && rank < size && epoch >= 0 && bytes > 0 && floats >= 0
                        ? new Header(parts[1], rank, size, epoch, bytes, floats) : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }

        String line() {
            return KIND + " " + stage + " " + rank + " " + size + " " + epoch + " " + bytes + " " + floats + "\n";
        }
    }

    /**
     * Reports {@code result} of {@code epoch} to the tracker at {@code tracker} ({@code host:port}) from a thread of
     * its own, so that the task goes on with the next epoch while the report travels and the driver takes it; the
     * driver's answer is read when the task asks for it ({@link Answer}). The result, and the state array it holds,
     * must stay as they are until then.
     *
     * @param timeout   how long to wait for the tracker, and then for the driver's answer
     * @param cancelled checked every second while waiting: a task Spark has killed stops at once
     */
    public static Answer send(String tracker, String stage, int rank, int size, int epoch, EpochResult result,
                              Duration timeout, BooleanSupplier cancelled) {
        Answer answer = new Answer(tracker, epoch, timeout, cancelled);
        Thread sender = new Thread(() -> answer.deliver(stage, rank, size, result), "sparkfit-epoch-report");
        sender.setDaemon(true);
        sender.start();
        return answer;
    }

    /**
     * One report on its way and the driver's answer to it, on the report's connection: whether the task goes on with
     * the next epoch ({@code continue}) or stops. It is read once, when first asked for, and the connection then
     * closed.
     */
    public static final class Answer implements BooleanSupplier, AutoCloseable {
        private final Socket socket = new Socket();
        private final CompletableFuture<Void> sent = new CompletableFuture<>();
        private final String tracker;
        private final int epoch;
        private final Duration timeout;
        private final BooleanSupplier cancelled;
        private Boolean goOn;

        private Answer(String tracker, int epoch, Duration timeout, BooleanSupplier cancelled) {
            this.tracker = tracker;
            this.epoch = epoch;
            this.timeout = timeout;
            this.cancelled = cancelled;
        }

        /** Sends the report: a header line, the serialized result without its state, then the state's floats. */
        private void deliver(String stage, int rank, int size, EpochResult result) {
            try {
                byte[] bytes = serialize(result.withState(null));
                float[] state = result.state() == null ? new float[0] : result.state();
                socket.connect(HostPort.parse(tracker), (int) timeout.toMillis());
                socket.setTcpNoDelay(true);
                socket.setSoTimeout(1000);
                OutputStream out = socket.getOutputStream();
                out.write(new Header(stage, rank, size, epoch, bytes.length, state.length).line()
                        .getBytes(StandardCharsets.UTF_8));
                out.write(bytes);
                writeFloats(out, state);
                out.flush();
                sent.complete(null);
            } catch (IOException | RuntimeException e) {
                sent.completeExceptionally(e);
            }
        }

        /**
         * Whether the driver said go on, once the report is sent, waiting for its answer up to the timeout.
         *
         * @throws UncheckedIOException when the report could not be sent, or the driver does not answer in time or
         *                              closes the connection unanswered
         */
        @Override
        public boolean getAsBoolean() {
            if (goOn == null) {
                try (socket) {
                    awaitSent();
                    String answer = Rendezvous.awaitLine(socket.getInputStream(), System.nanoTime()
                            + timeout.toNanos(), cancelled, "the driver did not answer epoch " + (epoch + 1)
                            + "'s report within " + timeout.toSeconds() + " s");
                    if (answer == null) {
                        throw new IOException("the driver's tracker at " + tracker + " closed the connection "
                                + "before it answered epoch " + (epoch + 1) + "'s report");
                    }
                    goOn = answer.equals(CONTINUE);
                } catch (IOException e) {
                    throw new UncheckedIOException(e.getMessage(), e);
                }
            }
            return goOn;
        }

        private void awaitSent() throws IOException {
            try {
                sent.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while epoch " + (epoch + 1) + "'s report was sent");
            } catch (ExecutionException e) {
                if (e.getCause() instanceof IOException failure) {
                    throw new IOException("could not report epoch " + (epoch + 1) + " to the driver's tracker at "
                            + tracker + ": " + failure.getMessage(), failure);
                }
                throw (RuntimeException) e.getCause();
            }
        }

        /** Lets go of the connection, answered or not (a report still on its way fails). */
        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Reads the result a {@link Header} announces from {@code in}. */
    public static EpochResult read(InputStream in, Header header) throws IOException {
        DataInputStream data = new DataInputStream(in);
        byte[] bytes = new byte[header.bytes()];
        data.readFully(bytes);
        EpochResult result;
        try (ObjectInputStream objects = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            result = (EpochResult) objects.readObject();
        } catch (ClassNotFoundException | ClassCastException e) {
            throw new IOException("epoch " + (header.epoch() + 1) + "'s report from task " + header.rank()
                    + " is not an epoch's result: " + e.getMessage(), e);
        }
        return header.floats() == 0 ? result : result.withState(readFloats(data, header.floats()));
    }

    /** The driver's answer to every task of an epoch. */
    public static void answer(OutputStream out, boolean goOn) throws IOException {
        out.write(((goOn ? CONTINUE : STOP) + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void writeFloats(OutputStream out, float[] values) throws IOException {
        ByteBuffer run = ByteBuffer.allocate(RUN_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int from = 0; from < values.length; from += RUN_BYTES / Float.BYTES) {
            int count = Math.min(values.length - from, RUN_BYTES / Float.BYTES);
            FloatBytes.put(values, from, count, run);
            out.write(run.array(), 0, count * Float.BYTES);
        }
    }

    private static float[] readFloats(DataInputStream in, int length) throws IOException {
        float[] values = new float[length];
        ByteBuffer run = ByteBuffer.allocate(RUN_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int from = 0; from < length; from += RUN_BYTES / Float.BYTES) {
            int count = Math.min(length - from, RUN_BYTES / Float.BYTES);
            in.readFully(run.array(), 0, count * Float.BYTES);
            FloatBytes.get(run, values, from, count);
        }
        return values;
    }

    private static byte[] serialize(EpochResult result) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(result);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
