package org.sparkfit.driver.train;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkConf;
import org.sparkfit.worker.EpochReport;
import org.sparkfit.worker.EpochResult;
import org.sparkfit.worker.exchange.Rendezvous;

/**
 * The driver's end of the tasks' {@link Rendezvous} and {@link EpochReport}s: a socket on the driver's host that
 * collects each stage attempt's task addresses and sends the full list to all of them when the last one arrives,
 * and gathers each epoch's reports from every task of a stage for the driver, which answers them. It carries a few
 * bytes per task per epoch and one copy of the state; the tensors of every round travel between the tasks. It
 * lives as long as a training run.
 */
final class RingTracker implements AutoCloseable {
    private final ServerSocket server;
    private final String address;
    private final Thread acceptor;
    private final Map<String, Group> groups = new HashMap<>();
    /** Epochs some of whose tasks have reported, by stage attempt and epoch. */
    private final Map<String, EpochReports> reporting = new HashMap<>();
    private final BlockingQueue<EpochReports> reported = new LinkedBlockingQueue<>();

    private RingTracker(ServerSocket server, String advertised) {
        this.server = server;
        this.address = advertised + ":" + server.getLocalPort();
        this.acceptor = new Thread(this::accept, "sparkfit-ring-tracker");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Listens on the driver's bind address ({@code spark.driver.bindAddress}, else {@code spark.driver.host}) and
     * advertises {@code spark.driver.host}, where the executors already reach the driver.
     */
    static RingTracker start(SparkConf conf) {
        String host = conf.get("spark.driver.host", "127.0.0.1");
        String bind = conf.get("spark.driver.bindAddress", host);
        try {
            ServerSocket server = new ServerSocket();
            server.bind(new InetSocketAddress(bind, 0), 64);
            return new RingTracker(server, host);
        } catch (IOException e) {
            throw new UncheckedIOException("could not open the exchange's tracker on the driver at " + bind + ": "
                    + e.getMessage(), e);
        }
    }

    /** Where tasks reach this tracker, {@code host:port}. */
    String address() {
        return address;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                socket.setSoTimeout(10_000);
                socket.setTcpNoDelay(true);
                received(socket);
            } catch (IOException e) {
                // closing the server ends the loop
            }
        }
    }

    private void received(Socket socket) {
        try {
            InputStream in = socket.getInputStream();
            String line = Rendezvous.readLine(in);
            EpochReport.Header header = EpochReport.Header.parse(line);
            Rendezvous.Request request = Rendezvous.Request.parse(line);
            if (header != null) {
                reported(header, EpochReport.read(in, header), socket);
            } else if (request != null) {
                arrived(request, socket);
            } else {
                socket.close();
            }
        } catch (IOException e) {
            // a task that could not finish its message fails, and its stage with it
            try {
                socket.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
        }
    }

    private synchronized void reported(EpochReport.Header header, EpochResult result, Socket socket) {
        String key = header.stage() + " " + header.epoch();
        EpochReports epoch = reporting.computeIfAbsent(key, k -> new EpochReports(header.stage(), header.epoch(),
                header.size()));
        epoch.add(header, result, socket);
        if (epoch.complete()) {
            reporting.remove(key);
            reported.add(epoch);
        }
    }

    /**
     * The next epoch every task of stage attempt {@code stage} has reported, waiting up to {@code millis}; null if
     * none came. Reports of other attempts (a failed one's) are let go of unanswered.
     */
    EpochReports next(String stage, long millis) throws InterruptedException {
        synchronized (this) {
            reporting.values().removeIf(epoch -> {
                boolean stale = !epoch.stage().equals(stage);
                if (stale) {
                    epoch.close();
                }
                return stale;
            });
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (EpochReports epoch = reported.poll(millis, TimeUnit.MILLISECONDS); epoch != null;
             epoch = reported.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            if (epoch.stage().equals(stage)) {
                return epoch;
            }
            epoch.close();
        }
        return null;
    }

    private synchronized void arrived(Rendezvous.Request request, Socket socket) {
        Group group = groups.computeIfAbsent(request.group(), g -> new Group(request.size()));
        group.add(request, socket);
        if (group.complete()) {
            groups.remove(request.group());
            group.answer();
        }
    }

    @Override
    public synchronized void close() {
        try {
            server.close();
        } catch (IOException e) {
            // nothing more to release
        }
        groups.values().forEach(Group::close);
        groups.clear();
        reporting.values().forEach(EpochReports::close);
        reporting.clear();
        reported.forEach(EpochReports::close);
        reported.clear();
    }

    /** One stage attempt's tasks that have arrived so far, by rank. */
    private static final class Group {
        private final String[] addresses;
        private final Socket[] sockets;
        private int arrived;

        Group(int size) {
            this.addresses = new String[size];
            this.sockets = new Socket[size];
        }

        void add(Rendezvous.Request request, Socket socket) {
            if (request.size() != sockets.length || sockets[request.rank()] != null) {
                EpochReports.closeAll(socket);
                return;
            }
            addresses[request.rank()] = request.address();
            sockets[request.rank()] = socket;
            arrived++;
        }

        boolean complete() {
            return arrived == sockets.length;
        }

        void answer() {
            byte[] list = (String.join("\n", addresses) + "\n").getBytes(StandardCharsets.UTF_8);
            for (Socket socket : sockets) {
                try (socket; OutputStream out = socket.getOutputStream()) {
                    out.write(list);
                } catch (IOException e) {
                    // that task is gone; its peers fail to reach it and the stage is retried
                }
            }
        }

        void close() {
            EpochReports.closeAll(sockets);
        }
    }
}
