package org.sparkfit.driver.train;

import java.io.IOException;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import org.sparkfit.worker.EpochReport;
import org.sparkfit.worker.EpochResult;

/**
 * One epoch's {@link EpochReport}s from the tasks of one training stage attempt, gathered by the driver's
 * {@link RingTracker}: each task's result, and its connection, on which it waits for the driver's answer.
 */
final class EpochReports {
    private final String stage;
    private final int epoch;
    private final EpochResult[] results;
    private final Socket[] sockets;
    private int arrived;

    EpochReports(String stage, int epoch, int size) {
        this.stage = stage;
        this.epoch = epoch;
        this.results = new EpochResult[size];
        this.sockets = new Socket[size];
    }

    String stage() {
        return stage;
    }

    /** The epoch, 0-based. */
    int epoch() {
        return epoch;
    }

    /** Every task's result, by rank; complete once {@link #complete} says so. */
    List<EpochResult> results() {
        return Arrays.asList(results);
    }

    /** Adds a task's report; a rank that reported already, or a report that does not fit, is closed unanswered. */
    void add(EpochReport.Header header, EpochResult result, Socket socket) {
        if (header.size() != sockets.length || sockets[header.rank()] != null) {
            closeAll(socket);
            return;
        }
        results[header.rank()] = result;
        sockets[header.rank()] = socket;
        arrived++;
    }

    boolean complete() {
        return arrived == sockets.length;
    }

    /** Tells every task that reported whether to go on with the next epoch, and lets go of their connections. */
    void answer(boolean goOn) {
        for (Socket socket : sockets) {
            if (socket == null) {
                continue;
            }
            try (socket) {
                EpochReport.answer(socket.getOutputStream(), goOn);
            } catch (IOException e) {
                // that task is gone: its stage fails, and the driver runs the epochs after this one again
            }
        }
    }

    /** Lets go of the connections unanswered: their tasks see the driver close them. */
    void close() {
        closeAll(sockets);
    }

    /** Closes each socket given that is not null, quietly: the tracker's way of letting go of its tasks. */
    static void closeAll(Socket... sockets) {
        for (Socket socket : sockets) {
            if (socket == null) {
                continue;
            }
            try {
                socket.close();
            } catch (IOException e) {
                // nothing more to release
            }
        }
    }
}
