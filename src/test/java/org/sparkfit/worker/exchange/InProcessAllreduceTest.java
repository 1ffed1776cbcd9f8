package org.sparkfit.worker.exchange;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tasks of one JVM summing in memory: the ring's sums to the bit (RingAllreduceTest checks those against the sum),
 * also when each task's terms stay where they lie (summands, finished once and stored into every task), tasks that
 * leave, stay away, fail in the middle of a sum (as over the ring and shared memory) or are cancelled, and the
 * choice between memory, shared memory and the ring from the tasks' addresses.
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

    @ParameterizedTest
    @CsvSource({"2, 1", "2, 407052", "3, 0", "3, 10007", "4, 3", "4, 50001", "5, 9000"})
    void summandsSumsEqualTheRingsAndTheFlatSumsToTheBit(int size, int length) throws Exception {
        List<float[]> flat = TaskThreads.inProcess(size, TIMEOUT, c -> {
            float[] buffer = new float[length + 3];
            ArrayTerms terms = ArrayTerms.of(c.rank(), length);
            System.arraycopy(terms.terms, 0, buffer, 0, length);
            System.arraycopy(terms.totals, 0, buffer, length, 3);
            c.allreduceSum(buffer);
            return buffer;
        });
        float[] expected = new float[length + 4];
        int marks = 0;
        for (int i = 0; i < length; i++) {
            expected[i] = flat.get(0)[i] * flat.get(0)[length];
            marks |= ArrayTerms.mark(i, length);
        }
        System.arraycopy(flat.get(0), length, expected, length, 3);
        expected[length + 3] = Float.intBitsToFloat(marks);
        for (List<float[]> sums : List.of(TaskThreads.ring(size, TIMEOUT, c -> TaskThreads.sumTermsTwice(c, length)),
                TaskThreads.inProcess(size, TIMEOUT, c -> TaskThreads.sumTermsTwice(c, length)))) {
            for (int r = 0; r < size; r++) {
                assertArrayEquals(expected, sums.get(r), "task " + r);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "ring", "shared memory"})
    void aRunThatFailsEndsEveryTasksSumAtOnce(String through, @TempDir Path directory) throws Exception {
        long start = System.nanoTime();
        Function<Collective, String> work = TaskThreads::sumWithTask1Failing;
        boolean inMemory = through.equals("memory");
        List<String> outcomes = inMemory ? TaskThreads.inProcess(3, TIMEOUT, work)
                : through.equals("ring") ? TaskThreads.ring(3, TIMEOUT, work)
                : TaskThreads.sharedMemory(3, Collections.nCopies(3, directory), TIMEOUT, work);
        assertTrue((System.nanoTime() - start) / 1e9 < 20, "failed fast, not at the 30 s timeout");
        long failed = outcomes.stream().filter("task 1's terms are gone"::equals).count();
        long stopped = outcomes.stream().filter(o -> o.contains(inMemory ? " left the exchange while task "
                : "a task or its executor was lost")).count();
        assertTrue(failed >= 1 && failed + stopped == 3, "the tasks that read the failing terms fail with them, "
                + "the others when one of those leaves: " + outcomes);
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
                TaskThreads.sleep(6000);
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
                        TaskThreads.sleep(500);
                        cancelled.set(true);
                        TaskThreads.sleep(3000);
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
    void tasksInThisJvmSumInMemoryOthersOnThisHostInSharedMemoryAndTheRestInTheRing() throws Exception {
        assertInstanceOf(InProcessAllreduce.class, joined(List.of(InProcessAllreduce.PROCESS,
                InProcessAllreduce.PROCESS), List.of(TaskThreads.HOST, TaskThreads.HOST)).get(0));
        List<Collective> oneHost = joined(List.of(InProcessAllreduce.PROCESS, "another-jvm"),
                List.of(TaskThreads.HOST, TaskThreads.HOST));
        assertInstanceOf(SharedMemoryAllreduce.class, oneHost.get(0));
        assertInstanceOf(SharedMemoryAllreduce.class, oneHost.get(1));
        // 127.0.0.2 is loopback too, standing for a second host
        List<Collective> twoHosts = joined(List.of(InProcessAllreduce.PROCESS, "another-jvm"),
                List.of(TaskThreads.HOST, "127.0.0.2"));
        assertInstanceOf(RingAllreduce.class, twoHosts.get(0));
        assertInstanceOf(RingAllreduce.class, twoHosts.get(1));
    }

    /**
     * Two tasks that post these JVMs and hosts with their addresses, each after one sum of {1} through what they
     * joined.
     */
    private static List<Collective> joined(List<String> processes, List<String> hosts) throws Exception {
        List<ServerSocket> servers = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        for (int r = 0; r < processes.size(); r++) {
            String process = processes.get(r);
            ServerSocket server = RingAllreduce.listen(hosts.get(r));
            servers.add(server);
            String address = TaskCollectives.address(hosts.get(r), server);
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
}
