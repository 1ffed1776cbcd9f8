package org.sparkfit.worker.exchange;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tasks of one JVM summing in memory: the ring's sums to the bit (RingAllreduceTest checks those against the sum),
 * also when each task's terms stay where they lie (summands, finished once and stored into every task), tasks that
 * leave, stay away, fail in the middle of a sum or are cancelled, and the choice between memory and the ring from
 * the tasks' addresses.
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
        for (List<float[]> sums : List.of(TaskThreads.ring(size, TIMEOUT, c -> sumTermsTwice(c, length)),
                TaskThreads.inProcess(size, TIMEOUT, c -> sumTermsTwice(c, length)))) {
            for (int r = 0; r < size; r++) {
                assertArrayEquals(expected, sums.get(r), "task " + r);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aRunThatFailsEndsEveryTasksSumAtOnce(boolean inMemory) throws Exception {
        // Whichever tasks take the failing runs fail; each closes its collective as a task's end does.
        long start = System.nanoTime();
        Function<Collective, String> work = c -> {
            ArrayTerms terms = new ArrayTerms(new float[10 * Summands.RUN], new float[] {1}) {
                @Override
                public void read(int from, int to, float[] into, int at) {
                    if (c.rank() == 1 && from >= 5 * Summands.RUN) {
                        throw new IllegalStateException("task 1's terms are gone");
                    }
                    super.read(from, to, into, at);
                }
            };
            try {
                c.allreduceSum(terms.totals, terms);
                return "summed";
            } catch (RuntimeException e) {
                return e.getMessage();
            }
        };
        List<String> outcomes = inMemory ? TaskThreads.inProcess(3, TIMEOUT, work)
                : TaskThreads.ring(3, TIMEOUT, work);
        assertTrue((System.nanoTime() - start) / 1e9 < 20, "failed fast, not at the 30 s timeout");
        long failed = outcomes.stream().filter("task 1's terms are gone"::equals).count();
        long stopped = outcomes.stream().filter(o -> o.contains(inMemory ? " left the exchange while task "
                : "a task or its executor was lost")).count();
        assertTrue(failed >= 1 && failed + stopped == 3, "the tasks that read the failing terms fail with them, "
                + "the others when one of those leaves: " + outcomes);
    }

    /**
     * Sums this task's {@link ArrayTerms} (rank 0 arriving late), then terms of ones, as a next round would: returns
     * the first sum's stored values, its totals and its marks, which the second sum must leave alone.
     */
    private static float[] sumTermsTwice(Collective collective, int length) {
        ArrayTerms terms = ArrayTerms.of(collective.rank(), length);
        if (collective.rank() == 0) {
            sleep(50);
        }
        int marks = collective.allreduceSum(terms.totals, terms);
        float[] ones = new float[length];
        Arrays.fill(ones, 1f);
        ArrayTerms next = new ArrayTerms(ones, new float[] {1, 0, 0});
        collective.allreduceSum(next.totals, next);
        assertEquals(collective.size(), next.totals[0]);
        for (float stored : next.stored) {
            assertEquals(collective.size() * collective.size(), stored);
        }
        float[] result = Arrays.copyOf(terms.stored, length + 4);
        System.arraycopy(terms.totals, 0, result, length, 3);
        result[length + 3] = Float.intBitsToFloat(marks);
        return result;
    }

    /**
     * A task's terms in an array, stored into another; finishing multiplies each sum by the first summed total and
     * marks where its values lie: one bit for each 31st of the values, so the marks tell whose runs were finished.
     */
    private static class ArrayTerms implements Summands {
        private final float[] terms;
        private final float[] totals;
        private final float[] stored;

        ArrayTerms(float[] terms, float[] totals) {
            this.terms = terms;
            this.totals = totals;
            this.stored = new float[terms.length];
        }

        /** Seeded Gaussian terms for {@code rank}, and totals of the rank plus one and two more seeded values. */
        static ArrayTerms of(int rank, int length) {
            float[] more = TaskThreads.values(2, 100 + rank);
            return new ArrayTerms(TaskThreads.values(length, rank), new float[] {rank + 1, more[0], more[1]});
        }

        @Override
        public int length() {
            return terms.length;
        }

        @Override
        public void read(int from, int to, float[] into, int at) {
            System.arraycopy(terms, from, into, at, to - from);
        }

        @Override
        public int finish(float[] totals, int from, int to, float[] sums, int at) {
            int bits = 0;
            for (int i = at; i < at + to - from; i++) {
                sums[i] *= totals[0];
                bits |= mark(from + i - at, terms.length);
            }
            return bits;
        }

        /** The mark of value {@code index} of {@code length}: bit {@code 31 x index / length}. */
        static int mark(int index, int length) {
            return 1 << (int) (31L * index / length);
        }

        @Override
        public void write(int from, int to, float[] sums, int at) {
            System.arraycopy(sums, at, stored, from, to - from);
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
