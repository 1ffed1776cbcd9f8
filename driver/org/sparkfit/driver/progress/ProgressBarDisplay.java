package org.sparkfit.driver.progress;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A live progress bar per epoch (rounds done, examples/s, running loss, ETA), redrawn in place on a terminal. */
final class ProgressBarDisplay extends ConsoleProgress {
    private ProgressBar bar;

    ProgressBarDisplay(PrintStream out) {
        super(out);
    }

    @Override
    protected void begin(int epoch, int epochs, int rounds) {
        bar = new ProgressBarBuilder().setTaskName("Epoch " + epoch + "/" + epochs).setInitialMax(rounds)
                .setUnit(" rounds", 1).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
                .setConsumer(new ConsoleProgressBarConsumer(out)).build();
    }

    @Override
    protected void update(int round, String speedAndLoss, double eta) {
        bar.stepTo(round);
        bar.setExtraMessage(speedAndLoss);
    }

    @Override
    protected void end() {
        bar.close();
    }
}
