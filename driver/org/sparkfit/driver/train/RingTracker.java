package org.sparkfit.driver.train;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.sparkfit.worker.exchange.Rendezvous;

/**
 * The driver's end of the tasks' {@link Rendezvous}: a socket on the driver's host that collects each stage
 * attempt's task addresses and sends the full list to all of them when the last one arrives. It carries a few
 * bytes per task per epoch; the tensors travel between the tasks. It lives as long as a training run.
 */
final class RingTracker implements AutoCloseable {
    private final ServerSocket server;
    private final String address;
    private final Thread acceptor;
    private final Map<String, Group> groups = new HashMap<>();

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
                String line = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.UTF_8)).readLine();
                Rendezvous.Request request = Rendezvous.Request.parse(line);
                if (request == null) {
                    socket.close();
                } else {
                    arrived(request, socket);
                }
            } catch (IOException e) {
                // a task that could not finish its line retries with its stage; closing the server ends the loop
            }
        }
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
                close(socket);
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
            for (Socket socket : sockets) {
                close(socket);
            }
        }

        private static void close(Socket socket) {
            if (socket == null) {
                return;
            }
            try {
                socket.close();
            } catch (IOException e) {
                // nothing more to release
            }
        }
    }
}
