package org.sparkfit.driver.progress;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress as plain lines, for output that is a file or a log (cron, spark-submit on YARN): one line when a
 * round finishes at least {@code intervalSeconds} after the last line, and always after the epoch's last round.
 */
final class ProgressLog extends ConsoleProgress {
    private final long intervalNanos;
    private String prefix;
    private int rounds;
    private long lastLine;

    ProgressLog(PrintStream out, double intervalSeconds) {
        super(out);
        this.intervalNanos = (long) (intervalSeconds * 1e9);
    }

    @Override
    protected void begin(int epoch, int epochs, int rounds) {
        this.prefix = "epoch " + epoch + "/" + epochs;
        this.rounds = rounds;
        this.lastLine = System.nanoTime();
    }

    @Override
    protected void update(int round, String speedAndLoss, double eta) {
        long now = System.nanoTime();
        if (round < rounds && now - lastLine < intervalNanos) {
            return;
        }
        lastLine = now;
        out.printf(Locale.ROOT, "%s round %d/%d - %s - ETA %.0fs%n", prefix, round, rounds, speedAndLoss, eta);
        out.flush();
    }

    @Override
    protected void end() {
    }
}
