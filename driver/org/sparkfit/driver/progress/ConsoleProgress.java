package org.sparkfit.driver.progress;

import java.io.PrintStream;
import java.util.Locale;
import org.sparkfit.driver.train.EpochRecord;
import org.sparkfit.driver.train.TrainingListener;

/**
 * Progress of a training run on the driver's console: the speed and ETA of the current epoch, and Keras' line
 * ({@code Epoch 3/5 - 5.1s - loss: ...}) when it ends. How the in-between progress is shown depends on where the
 * output goes.
 */
public abstract class ConsoleProgress implements TrainingListener {
    protected final PrintStream out;
    private boolean profile;
    private long epochStart;
    private int rounds;

    protected ConsoleProgress(PrintStream out) {
        this.out = out;
    }

    /** Without a terminal (cron, YARN), a progress line at most this often. */
    private static final double LOG_INTERVAL_SECONDS = 30;

    /** Progress on standard output: a live bar on a terminal, else a line at most every 30 s. */
    public static ConsoleProgress onStandardOutput() {
        return create(System.out, System.console() != null, LOG_INTERVAL_SECONDS);
    }

    /** A live bar when {@code terminal}, else a line at most every {@code intervalSeconds}. */
    public static ConsoleProgress create(PrintStream out, boolean terminal, double intervalSeconds) {
        return terminal ? new ProgressBarDisplay(out) : new ProgressLog(out, intervalSeconds);
    }

    /** Also prints where each epoch's time went, under its line. */
    public ConsoleProgress withProfile(boolean enabled) {
        this.profile = enabled;
        return this;
    }

    @Override
    public final void epochStarted(int epoch, int epochs, int rounds) {
        this.epochStart = System.nanoTime();
        this.rounds = rounds;
        begin(epoch, epochs, rounds);
    }

    @Override
    public final void roundFinished(int round, long examples, double loss) {
        double elapsed = (System.nanoTime() - epochStart) / 1e9;
        double rate = elapsed > 0 ? examples / elapsed : 0;
        double eta = elapsed / round * (rounds - round);
        update(round, String.format(Locale.ROOT, "%,.0f examples/s - loss: %.4f", rate, loss), eta);
    }

    @Override
    public final void epochFinished(EpochRecord record) {
        end();
        out.println(record.line());
        if (profile) {
            out.println(record.timingLine());
        }
        out.flush();
    }

    protected abstract void begin(int epoch, int epochs, int rounds);

    /** @param eta seconds left in this epoch, from the mean round time so far */
    protected abstract void update(int round, String speedAndLoss, double eta);

    protected abstract void end();
}
