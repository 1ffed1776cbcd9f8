package org.sparkfit.driver.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.sparkfit.worker.EpochReport;
import org.sparkfit.worker.EpochResult;
import org.sparkfit.worker.exchange.Rendezvous;

/**
 * The driver's tracker hands every task of a stage attempt the whole list of addresses, gathers each epoch's
 * reports from all of a stage's tasks and answers them, and nobody waits forever.
 */
class RingTrackerTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static RingTracker tracker() {
        return RingTracker.start(new SparkConf(false).set("spark.driver.host", "127.0.0.1"));
    }

    private static CompletableFuture<List<String>> join(RingTracker tracker, String group, int rank, int size,
                                                        Duration timeout) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return Rendezvous.join(tracker.address(), new Rendezvous.Request(group, rank, size,
                        "host" + rank + ":" + (7000 + rank)), timeout, () -> false);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, runnable -> new Thread(runnable).start());
    }

    /** The message of the IOException the task's join threw. */
    private static String ioMessage(Exception e) {
        return e.getCause().getCause().getMessage();
    }

    @Test
    void everyTaskOfAGroupGetsEveryAddressByRankWhicheverArrivesFirst() throws Exception {
        try (RingTracker tracker = tracker()) {
            List<CompletableFuture<List<String>>> first = new ArrayList<>();
            List<CompletableFuture<List<String>>> second = new ArrayList<>();
            for (int rank : new int[] {2, 0, 1}) {
                first.add(join(tracker, "4.0", rank, 3, WAIT));
                second.add(join(tracker, "4.1", rank, 3, WAIT));
            }
            List<String> expected = List.of("host0:7000", "host1:7001", "host2:7002");
            for (CompletableFuture<List<String>> task : first) {
                assertEquals(expected, task.get(30, TimeUnit.SECONDS));
            }
            for (CompletableFuture<List<String>> task : second) {
                assertEquals(expected, task.get(30, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void aTaskWhosePeersNeverComeGivesUpNamingTheTracker() throws Exception {
        try (RingTracker tracker = tracker()) {
            CompletableFuture<List<String>> alone = join(tracker, "5.0", 0, 2, Duration.ofSeconds(2));
            Exception e = assertThrows(Exception.class, () -> alone.get(30, TimeUnit.SECONDS));
            assertTrue(ioMessage(e).startsWith("not all 2 tasks reached the driver's tracker at "
                    + tracker.address() + " within 2 s"), ioMessage(e));
        }
    }

    @Test
    void closingTheTrackerReleasesTheTasksWaitingOnIt() throws Exception {
        CompletableFuture<List<String>> waiting;
        try (RingTracker tracker = tracker()) {
            waiting = join(tracker, "6.0", 1, 2, WAIT);
            Thread.sleep(300);
        }
        Exception e = assertThrows(Exception.class, () -> waiting.get(30, TimeUnit.SECONDS));
        assertTrue(ioMessage(e).endsWith("closed the connection"), ioMessage(e));
    }

    @Test
    void linesThatAreNotRequestsAreRefused() {
        assertNull(Rendezvous.Request.parse("4.0 2 2 host:1"), "rank beyond the size");
        assertNull(Rendezvous.Request.parse("4.0 x 2 host:1"));
        assertNull(Rendezvous.Request.parse("GET / HTTP/1.1"));
        assertEquals(new Rendezvous.Request("4.0", 1, 2, "host:1"), Rendezvous.Request.parse("4.0 1 2 host:1"));
    }

    private static CompletableFuture<Boolean> report(RingTracker tracker, String stage, int rank, int size, int epoch,
                                                     float[] state) {
        return CompletableFuture.supplyAsync(() -> send(tracker, stage, rank, size, epoch, state).getAsBoolean(),
                runnable -> new Thread(runnable).start());
    }

    private static EpochReport.Answer send(RingTracker tracker, String stage, int rank, int size, int epoch,
                                           float[] state) {
        return EpochReport.send(tracker.address(), stage, rank, size, epoch, new EpochResult(rank, null, null, state,
                7, 10 * (epoch + 1), null, -1, new EpochResult.Times()), WAIT, () -> false);
    }

    @Test
    void aTaskGoesOnOnceItsReportIsSentAndReadsTheDriversAnswerWhenItAsks() throws Exception {
        try (RingTracker tracker = tracker()) {
            CompletableFuture<EpochReport.Answer> sent = CompletableFuture.supplyAsync(
                    () -> send(tracker, "run/0", 0, 1, 2, new float[] {4f}), runnable -> new Thread(runnable).start());
            try (EpochReport.Answer answer = sent.get(30, TimeUnit.SECONDS)) {
                EpochReports reports = tracker.next("run/0", 20_000);
                assertEquals(2, reports.epoch(), "the report arrived, and the driver has not answered it yet");
                reports.answer(false);
                assertFalse(answer.getAsBoolean());
                assertFalse(answer.getAsBoolean(), "the answer is read once and kept");
            }
        }
    }

    @Test
    void aReportThatCannotReachTheTrackerFailsWhenTheTaskAsksForTheAnswer() throws Exception {
        String address;
        try (RingTracker tracker = tracker()) {
            address = tracker.address();
        }
        try (EpochReport.Answer answer = EpochReport.send(address, "run/0", 0, 1, 2, new EpochResult(0, null, null,
                null, 7, 10, null, -1, new EpochResult.Times()), WAIT, () -> false)) {
            UncheckedIOException e = assertThrows(UncheckedIOException.class, answer::getAsBoolean);
            assertTrue(e.getMessage().startsWith("could not report epoch 3 to the driver's tracker at " + address
                    + ": "), e.getMessage());
        }
    }

    @Test
    void anEpochsReportsReachTheDriverTogetherAndItsAnswerReachesEveryTask() throws Exception {
        float[] state = {1.5f, -2f, 3.25f};
        try (RingTracker tracker = tracker()) {
            for (int epoch = 0; epoch < 2; epoch++) {
                CompletableFuture<Boolean> second = report(tracker, "run/0", 1, 2, epoch, null);
                assertNull(tracker.next("run/0", 300), "one of two tasks has reported");
                CompletableFuture<Boolean> first = report(tracker, "run/0", 0, 2, epoch, state);
                EpochReports reports = tracker.next("run/0", 20_000);
                assertEquals(epoch, reports.epoch());
                assertEquals(List.of(0, 1), reports.results().stream().map(EpochResult::partition).toList());
                assertArrayEquals(state, reports.results().get(0).state());
                assertEquals(10 * (epoch + 1), reports.results().get(0).iteration());
                boolean goOn = epoch == 0;
                reports.answer(goOn);
                assertEquals(goOn, first.get(30, TimeUnit.SECONDS));
                assertEquals(goOn, second.get(30, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void reportsOfAFailedStageAttemptAreLetGoUnanswered() throws Exception {
        try (RingTracker tracker = tracker()) {
            CompletableFuture<Boolean> stale = report(tracker, "run/0", 0, 2, 3, null);
            Thread.sleep(300);
            assertNull(tracker.next("run/1", 300));
            Exception e = assertThrows(Exception.class, () -> stale.get(30, TimeUnit.SECONDS));
            assertEquals("the driver's tracker at " + tracker.address() + " closed the connection before it answered "
                    + "epoch 4's report", ioMessage(e));
        }
    }

    @Test
    void linesThatAreNotReportsAreRefused() {
        assertNull(EpochReport.Header.parse("epoch run/0 2 2 0 10 5"), "rank beyond the size");
        assertNull(EpochReport.Header.parse("epoch run/0 0 2 0 0 5"), "no bytes");
        assertNull(EpochReport.Header.parse("epoch run/0 0 2 0 10 -1"), "fewer than no floats");
        assertNull(EpochReport.Header.parse("epoch run/0 0 2 0 10"), "no floats");
        assertNull(EpochReport.Header.parse("run/0 0 2 0 10 5"));
        assertNull(EpochReport.Header.parse("4.0 1 2 host:1"));
        assertEquals(new EpochReport.Header("run/0", 1, 2, 4, 10, 5),
                EpochReport.Header.parse("epoch run/0 1 2 4 10 5"));
    }
}
