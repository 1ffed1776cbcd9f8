package org.sparkfit.worker.exchange;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Tasks of different JVMs on one host summing through a shared file (here, threads that each map it): the ring's
 * sums to the bit, sums of a new length in a new file, no file left behind, and every task back on the ring when
 * one cannot map the file. InProcessAllreduceTest has a task failing in the middle of a sum.
 */
class SharedMemoryAllreduceTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path directory;

    /** What a task returns: its sums, and whether its first sums and its longer one went through shared memory. */
    private record Summed(float[] sums, List<Boolean> shared) {
    }

    @ParameterizedTest
    @CsvSource({"2, 1", "2, 407052", "3, 0", "3, 10007", "4, 50001", "5, 9000"})
    void summandsSumsEqualTheRingsToTheBitAndLeaveNoFileBehind(int size, int length) throws Exception {
        List<float[]> ring = TaskThreads.ring(size, TIMEOUT, c -> TaskThreads.sumTermsTwice(c, length));
        List<Summed> shared = sumTwiceThenLonger(size, Collections.nCopies(size, directory), length);
        for (int r = 0; r < size; r++) {
            assertArrayEquals(ring.get(r), shared.get(r).sums(), "task " + r);
            assertEquals(List.of(true, true), shared.get(r).shared(), "task " + r);
        }
        assertEquals(List.of(), files(directory));
    }

    @Test
    void tasksThatCannotAllMapTheFileSumThroughTheRing(@TempDir Path anotherHost) throws Exception {
        List<float[]> ring = TaskThreads.ring(2, TIMEOUT, c -> TaskThreads.sumTermsTwice(c, 10007));
        List<Summed> summed = sumTwiceThenLonger(2, List.of(directory, anotherHost), 10007);
        for (int r = 0; r < 2; r++) {
            assertArrayEquals(ring.get(r), summed.get(r).sums(), "task " + r);
            assertEquals(List.of(false, false), summed.get(r).shared(), "task " + r);
        }
        assertEquals(List.of(), files(directory));
        assertEquals(List.of(), files(anotherHost));
    }

    @Test
    void noSharedMemoryToMakeTheFileInLeavesTheSumsToTheRing() throws Exception {
        List<float[]> ring = TaskThreads.ring(3, TIMEOUT, c -> TaskThreads.sumTermsTwice(c, 5000));
        List<Summed> summed = sumTwiceThenLonger(3, Collections.nCopies(3, directory.resolve("absent")), 5000);
        for (int r = 0; r < 3; r++) {
            assertArrayEquals(ring.get(r), summed.get(r).sums(), "task " + r);
            assertEquals(List.of(false, false), summed.get(r).shared(), "task " + r);
        }
    }

    /**
     * {@link TaskThreads#sumTermsTwice} through shared memory, then a sum of ones one value longer (a new file),
     * checked on the spot.
     */
    private static List<Summed> sumTwiceThenLonger(int size, List<Path> directories, int length) throws Exception {
        return TaskThreads.sharedMemory(size, directories, TIMEOUT, c -> {
            SharedMemoryAllreduce memory = (SharedMemoryAllreduce) c;
            // Once on the ring, a task stays there: the last sum tells how both went.
            float[] sums = TaskThreads.sumTermsTwice(memory, length);
            List<Boolean> shared = new ArrayList<>(List.of(memory.shared()));
            float[] ones = new float[length + 1];
            java.util.Arrays.fill(ones, 1f);
            ArrayTerms longer = new ArrayTerms(ones, new float[] {1});
            memory.allreduceSum(longer.totals, longer);
            shared.add(memory.shared());
            for (float stored : longer.stored) {
                assertEquals(size * size, stored);
            }
            return new Summed(sums, shared);
        });
    }

    private static List<Path> files(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList();
        }
    }
}
