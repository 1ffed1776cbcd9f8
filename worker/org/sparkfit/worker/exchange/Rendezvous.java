package org.sparkfit.worker.exchange;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * How the tasks of a barrier stage learn each other's ring addresses: each tells the driver's tracker its group
 * (the stage attempt), rank, group size and address in one line, and reads back every rank's address once all
 * have arrived. Spark's own {@code BarrierTaskContext.allGather} does the same but sleeps in whole seconds while
 * it waits (Spark 3.5 polls its reply with {@code Thread.sleep(1000)}), which cost a second of every epoch; the
 * tracker answers as soon as the last task arrives, as XGBoost4J-Spark's tracker does.
 */
public final class Rendezvous {
    private Rendezvous() {
    }

    /** One task's line to the tracker. */
    public record Request(String group, int rank, int size, String address) {

        /** Parses a line written by {@link #line}; null when it is not one. */
        public static Request parse(String line) {
            String[] parts = line == null ? new String[0] : line.split(" ");
            if (parts.length != 4) {
                return null;
            }
            try {
                int rank = Integer.parseInt(parts[1]);
                int size = Integer.parseInt(parts[2]);
                return rank >= 0 && rank < size ? new Request(parts[0], rank, size, parts[3]) : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }

        String line() {
            return group + " " + rank + " " + size + " " + address + "\n";
        }
    }

    /**
     * One line of the tracker's protocol (without its end), read byte by byte so that what follows it in the stream
     * (an epoch's report) stays there; null at the end of the stream.
     */
    public static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    /**
     * The next line from the tracker on a connection whose reads time out every second: checks {@code cancelled}
     * at each timeout (a task Spark has killed stops at once) and gives up with {@code late} after {@code deadline}
     * ({@link System#nanoTime}); null at the end of the stream.
     */
    public static String awaitLine(InputStream in, long deadline, BooleanSupplier cancelled, String late)
            throws IOException {
        while (true) {
            try {
                return readLine(in);
            } catch (SocketTimeoutException e) {
                if (cancelled.getAsBoolean()) {
                    throw new IOException("this task was cancelled", e);
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException(late, e);
                }
            }
        }
    }

    /**
     * Tells the tracker at {@code tracker} ({@code host:port}) this task's address and waits for every rank's.
     *
     * @param timeout   how long to wait for the tracker and for the other tasks
     * @param cancelled checked every second while waiting: a task Spark has killed stops at once
     * @return every rank's address, by rank
     */
    public static List<String> join(String tracker, Request request, Duration timeout, BooleanSupplier cancelled)
            throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(HostPort.parse(tracker), (int) timeout.toMillis());
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write(request.line().getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            List<String> addresses = new ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (addresses.size() < request.size()) {
                String line = awaitLine(in, deadline, cancelled, "not all " + request.size() + " tasks reached the "
                        + "driver's tracker at " + tracker + " within " + timeout.toSeconds() + " s");
                if (line == null) {
                    throw new IOException("the driver's tracker at " + tracker + " closed the connection");
                }
                addresses.add(line);
            }
            return addresses;
        }
    }
}
