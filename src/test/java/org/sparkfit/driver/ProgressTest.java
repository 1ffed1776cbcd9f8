package org.sparkfit.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sparkfit.driver.progress.ConsoleProgress;
import org.sparkfit.driver.train.EpochRecord;

/**
 * Progress without a terminal: plain lines, at most one per interval and always the epoch's last round, then
 * Keras' epoch line. (The live bar on a terminal is checked end to end in CommandLineTest, under a pseudo-terminal.)
 */
class ProgressTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private List<String> epoch(ConsoleProgress progress) {
        progress.epochStarted(2, 5, 3);
        progress.roundFinished(1, 256, 0.9);
        progress.roundFinished(2, 512, 0.8);
        progress.roundFinished(3, 700, 0.75);
        progress.epochFinished(new EpochRecord(2, 5, Map.of("loss", 0.75), 1.5));
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void everyRoundIsALineWhenTheIntervalIsZero() {
        List<String> lines = epoch(ConsoleProgress.create(out, false, 0));
        assertEquals(4, lines.size(), lines.toString());
        assertTrue(lines.get(0).matches("epoch 2/5 round 1/3 - [0-9,]+ examples/s - loss: 0\\.9000 - ETA \\d+s"),
                lines.get(0));
        assertTrue(lines.get(2).matches("epoch 2/5 round 3/3 - [0-9,]+ examples/s - loss: 0\\.7500 - ETA 0s"),
                lines.get(2));
        assertEquals("Epoch 2/5 - 1.5s - loss: 0.7500", lines.get(3));
    }

    @Test
    void withProfileEachEpochLineIsFollowedByItsTimeBreakdown() {
        ConsoleProgress progress = ConsoleProgress.create(out, false, 3600).withProfile(true);
        progress.epochStarted(1, 1, 1);
        progress.epochFinished(new EpochRecord(1, 1, Map.of("loss", 0.5), 2.0, new java.util.LinkedHashMap<>(
                Map.of("fit", 1.25))));
        assertEquals(List.of("Epoch 1/1 - 2.0s - loss: 0.5000", "  time: fit 1.25s"),
                bytes.toString(StandardCharsets.UTF_8).lines().toList());
    }

    @Test
    void aLongIntervalLeavesTheEpochsLastRoundAndItsLine() {
        List<String> lines = epoch(ConsoleProgress.create(out, false, 3600));
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("epoch 2/5 round 3/3 - "), lines.get(0));
        assertEquals("Epoch 2/5 - 1.5s - loss: 0.7500", lines.get(1));
    }
}
