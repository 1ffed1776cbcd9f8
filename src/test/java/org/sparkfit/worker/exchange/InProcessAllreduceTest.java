package org.sparkfit.worker.exchange;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Tasks of one JVM summing in memory: the ring's sums to the bit (RingAllreduceTest checks those against the sum), tasks that leave, stay away or are cancelled, and
 * the choice between memory and the ring from the tasks' addresses.
 */
class InProcessAllreduceTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @ParameterizedTest
    @CsvSource({"2, 1", "2, 407052", "3, 7", "3, 1000", "4, 3", "4, 100003", "5, 2"})
    void sumsEqualTheRingsToTheBit(int size, int length) throws Exception {
        List<float[]> ring = TaskThreads.ring(size, TIMEOUT, c -> TaskThreads.sumTwice(c, length));
        List<float[]> memory = TaskThreads.inProcess(size, TIMEOUT, c -> TaskThreads.sumTwice(c, length));
        for (int r = 0; r < size; r++) {
            assertArrayEquals(ring.get(0), memory.get(r), "task " + r);
        }
    }

    @Test
    void aTaskThatLeavesEndsTheOthersSumsAtOnce() throws Exception {
        long start = System.nanoTime();
        List<String> outcomes = TaskThreads.inProcess(3, TIMEOUT, c -> {
            if (c.rank() == 2) {
                c.close();
                return "left";
            }
            return assertThrows(ExchangeException.class, () -> c.allreduceSum(new float[50])).getMessage();
        });
        assertTrue((System.nanoTime() - start) / 1e9 < 20, "failed fast, not at the 30 s timeout");
        assertEquals("task 2 left the exchange while task 0 waited for it: a task failed or was killed",
                outcomes.get(0));
    }

    @Test
    void aTaskThatLeftBeforeTheOthersJoinedEndsTheirSumsAtOnce() throws Exception {
        String group = "left-early-" + System.nanoTime();
        InProcessAllreduce.join(group, 2, 3, TIMEOUT, () -> false).close();
        long start = System.nanoTime();
        List<String> outcomes = TaskThreads.run(2, rank -> InProcessAllreduce.join(group, rank, 3, TIMEOUT,
                () -> false), c -> assertThrows(ExchangeException.class,
                        () -> c.allreduceSum(new float[50])).getMessage());
        assertTrue((System.nanoTime() - start) / 1e9 < 20, "failed fast, not at the 30 s timeout");
        assertEquals("task 2 left the exchange while task 1 waited for it: a task failed or was killed",
                outcomes.get(1));
        List<float[]> again = TaskThreads.run(3, rank -> InProcessAllreduce.join(group, rank, 3, TIMEOUT,
                () -> false), c -> {
                    float[] one = {1f};
                    c.allreduceSum(one);
                    return one;
                });
        assertEquals(3f, again.get(0)[0], "once all three have left, the name serves a fresh group");
    }

    @Test
    void anAbsentTaskEndsTheOthersSumsAfterTheTimeout() throws Exception {
        List<String> outcomes = TaskThreads.inProcess(3, Duration.ofSeconds(2), c -> {
            if (c.rank() > 0) {
                sleep(6000);
                return "absent";
            }
            long start = System.nanoTime();
            String message = assertThrows(ExchangeException.class, () -> c.allreduceSum(new float[10])).getMessage();
            return (System.nanoTime() - start) / 1e9 + " " + message;
        });
        double waited = Double.parseDouble(outcomes.get(0).split(" ")[0]);
        assertTrue(waited >= 1.9 && waited < 5, outcomes.get(0));
        assertTrue(outcomes.get(0).endsWith(" tasks 1, 2 did not reach the exchange within 2 s"), outcomes.get(0));
    }

    @Test
    void aCancelledTaskStopsWaitingWithinASecond() throws Exception {
        AtomicBoolean cancelled = new AtomicBoolean();
        String group = "cancelled-" + System.nanoTime();
        List<String> outcomes = TaskThreads.run(2, rank -> InProcessAllreduce.join(group, rank, 2, TIMEOUT,
                cancelled::get), c -> {
                    if (c.rank() == 1) {
                        sleep(500);
                        cancelled.set(true);
                        sleep(3000);
                        return "cancelled the other";
                    }
                    long start = System.nanoTime();
                    String message = assertThrows(ExchangeException.class,
                            () -> c.allreduceSum(new float[10])).getMessage();
                    return (System.nanoTime() - start) / 1e9 + " " + message;
                });
        double waited = Double.parseDouble(outcomes.get(0).split(" ")[0]);
        assertTrue(waited < 2.5, outcomes.get(0));
        assertTrue(outcomes.get(0).endsWith(" task 0 was cancelled while it waited for task 1"), outcomes.get(0));
    }

    @Test
    void aGroupEndsWhenItsTasksLeaveSoItsNameCanServeAgain() throws Exception {
        for (int size : new int[] {2, 3}) {
            List<float[]> sums = TaskThreads.run(size, rank -> InProcessAllreduce.join("again", rank, size, TIMEOUT,
                    () -> false), c -> {
                        float[] one = {1f};
                        c.allreduceSum(one);
                        return one;
                    });
            assertEquals(size, sums.get(size - 1)[0], "a fresh group of " + size);
        }
    }

    @Test
    void tasksInThisJvmSumInMemoryAndOthersFormTheRing() throws Exception {
        assertInstanceOf(InProcessAllreduce.class, joined(List.of(InProcessAllreduce.PROCESS,
                InProcessAllreduce.PROCESS)).get(0));
        List<Collective> mixed = joined(List.of(InProcessAllreduce.PROCESS, "another-jvm"));
        assertInstanceOf(RingAllreduce.class, mixed.get(0));
        assertInstanceOf(RingAllreduce.class, mixed.get(1));
    }

    /** Two tasks that post these JVMs with their addresses, each after one sum of {1} through what they joined. */
    private static List<Collective> joined(List<String> processes) throws Exception {
        List<ServerSocket> servers = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        for (String process : processes) {
            ServerSocket server = RingAllreduce.listen(TaskThreads.HOST);
            servers.add(server);
            String address = TaskCollectives.address(TaskThreads.HOST, server);
            addresses.add(address.substring(0, address.lastIndexOf('/') + 1) + process);
        }
        String group = "joined-" + System.nanoTime();
        return TaskThreads.run(2, rank -> TaskCollectives.join(group, rank, addresses, servers.get(rank), TIMEOUT,
                () -> false), c -> {
                    float[] one = {1f};
                    c.allreduceSum(one);
                    assertEquals(2f, one[0]);
                    return c;
                });
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
