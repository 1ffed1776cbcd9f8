package org.sparkfit.worker.exchange;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The ring among N tasks, as threads on loopback: sums, their bits with two tasks, and peers that fail. */
class RingAllreduceTest {
    private static final String HOST = TaskThreads.HOST;

    @ParameterizedTest
    @CsvSource({"1, 10", "2, 1", "2, 407052", "3, 7", "3, 1000", "4, 3", "4, 100003", "5, 2"})
    void everyTaskEndsWithTheSumOfAllBuffers(int size, int length) throws Exception {
        List<float[]> sums = TaskThreads.ring(size, Duration.ofSeconds(30), ring -> TaskThreads.sumTwice(ring,
                length));
        double[] expected = new double[length];
        for (int r = 0; r < size; r++) {
            float[] inputs = TaskThreads.values(length, r);
            for (int i = 0; i < length; i++) {
                expected[i] += inputs[i];
            }
        }
        for (int i = 0; i < length; i++) {
            assertEquals(expected[i], sums.get(0)[i], 1e-4 * Math.max(1, Math.abs(expected[i])), "value " + i);
        }
        for (float[] sum : sums) {
            assertArrayEquals(sums.get(0), sum, "every task holds the same bits");
        }
    }

    @Test
    void twoTasksSumToTheSameBitsAsAPlainFloatAddition() throws Exception {
        int length = 1001;
        List<float[]> sums = TaskThreads.ring(2, Duration.ofSeconds(30), ring -> {
            float[] buffer = TaskThreads.values(length, 10 + ring.rank());
            ring.allreduceSum(buffer);
            return buffer;
        });
        float[] a = TaskThreads.values(length, 10);
        float[] b = TaskThreads.values(length, 11);
        for (int i = 0; i < length; i++) {
            assertEquals(Float.floatToIntBits(a[i] + b[i]), Float.floatToIntBits(sums.get(1)[i]));
        }
    }

    @Test
    void aTaskThatDiesEndsTheOthersSumsAtOnce() throws Exception {
        long start = System.nanoTime();
        List<String> outcomes = TaskThreads.ring(3, Duration.ofSeconds(30), ring -> {
            if (ring.rank() == 2) {
                ring.close();
                return "died";
            }
            ExchangeException e = assertThrows(ExchangeException.class, () -> ring.allreduceSum(new float[5000]));
            return e.getMessage();
        });
        assertTrue((System.nanoTime() - start) / 1e9 < 20, "failed fast, not at the 30 s timeout");
        assertTrue(outcomes.get(0).contains("a task or its executor was lost"), outcomes.get(0));
    }

    @Test
    void aSilentTaskEndsTheOthersSumsAfterTheTimeout() throws Exception {
        List<String> outcomes = TaskThreads.ring(2, Duration.ofSeconds(2), ring -> {
            if (ring.rank() == 1) {
                try {
                    Thread.sleep(6000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return "silent";
            }
            long start = System.nanoTime();
            ExchangeException e = assertThrows(ExchangeException.class, () -> ring.allreduceSum(new float[10]));
            double waited = (System.nanoTime() - start) / 1e9;
            return waited + " " + e.getMessage();
        });
        double waited = Double.parseDouble(outcomes.get(0).split(" ")[0]);
        assertTrue(waited >= 1.9 && waited < 5, outcomes.get(0));
        assertTrue(outcomes.get(0).contains("sent nothing for 2 s"), outcomes.get(0));
    }

    @Test
    void aTaskWhoseNeighbourNeverComesFailsToJoin() throws Exception {
        ServerSocket mine = RingAllreduce.listen(HOST);
        ServerSocket absent = RingAllreduce.listen(HOST);
        List<String> addresses = List.of(HOST + ":" + mine.getLocalPort(), HOST + ":" + absent.getLocalPort());
        ExchangeException e = assertThrows(ExchangeException.class,
                () -> RingAllreduce.join(0, addresses, mine, Duration.ofSeconds(1), () -> false));
        assertTrue(e.getMessage().contains("did not connect to task 0 within 1 s"), e.getMessage());
        absent.close();
    }
}
