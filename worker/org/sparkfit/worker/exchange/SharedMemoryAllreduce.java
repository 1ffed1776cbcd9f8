package org.sparkfit.worker.exchange;

import java.io.IOException;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The sum over tasks in different JVMs on one host (executors side by side on a machine, as on the loopback
 * cluster): the terms meet in a file of shared memory that every task maps, instead of travelling through the
 * kernel's TCP stack twice. Each task copies the terms the others add up (all but its own ring segment's) and its
 * totals into a slot of its own; past a barrier it adds up the runs of its segment, its own terms and every other
 * slot's in the ring's order ({@link RingRuns}, so the sums equal the ring's to the bit), finishes them and stores
 * them into its summands and a shared result, and past a second barrier stores the other segments' sums. The
 * barriers, which also check the tasks' lengths and OR their finishing marks, are sums of a few values through
 * the tasks' {@link RingAllreduce}, which keeps its timeouts, its cancellation and its failure on a lost peer.
 *
 * <p>Rank 0 makes the file when a sum of a new length starts: filled by writes, so that the file system has found
 * room for every page before one is touched through the mapping (a page it could not find would kill the JVM),
 * and only when it takes at most half the room left. The others map it, and rank 0 deletes it once all have, so
 * nothing stays behind. When a task cannot map it (another host's or another container's shared memory, too little
 * room) every task sums through the ring from then on.
 */
public final class SharedMemoryAllreduce implements Collective {
    /** Linux's shared memory, a tmpfs. */
    static final Path SHARED_MEMORY = Path.of("/dev/shm");
    private static final int FILL = 1 << 16;
    /** The state is no one else's business: the file is its owner's alone (tasks of another user use the ring). */
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private final Collective ring;
    private final Path directory;
    private final String name;
    private final float[] sum = new float[Summands.RUN];
    private final float[] term = new float[Summands.RUN];
    private Region region;
    private boolean ringOnly;
    private int files;

    SharedMemoryAllreduce(Collective ring, String group, Path directory) {
        this.ring = ring;
        this.directory = directory;
        this.name = "sparkfit-" + group.replaceAll("[^A-Za-z0-9.-]", "-");
    }

    /** The tasks of {@code group} (one stage attempt), joined in {@code ring}, summing through shared memory. */
    public static Collective over(Collective ring, String group) {
        return new SharedMemoryAllreduce(ring, group, SHARED_MEMORY);
    }

    @Override
    public int rank() {
        return ring.rank();
    }

    @Override
    public int size() {
        return ring.size();
    }

    /** Whether the last sum of summands went through shared memory (else through the ring). */
    boolean shared() {
        return region != null;
    }

    @Override
    public void allreduceSum(float[] buffer) {
        ring.allreduceSum(buffer);
    }

    @Override
    public int allreduceSum(float[] totals, Summands summands) {
        int length = summands.length();
        Region shared = region(length, totals.length);
        if (shared == null) {
            return ring.allreduceSum(totals, summands);
        }
        int size = size();
        int rank = rank();
        RingRuns runs = shared.runs;
        FloatBuffer own = shared.slots[rank];
        for (int r = 0; r < runs.count(); r++) {
            if (runs.segment(r) != rank) {
                int from = runs.from(r);
                summands.read(from, runs.to(r), sum, 0);
                own.put(from, sum, 0, runs.to(r) - from);
            }
        }
        own.put(length, totals, 0, totals.length);
        int[] lengths = gather(length, totals.length);
        for (int k = 0; k < size; k++) {
            if (lengths[2 * k] != length || lengths[2 * k + 1] != totals.length) {
                throw new IllegalArgumentException("task " + rank + " sums " + length + " values and "
                        + totals.length + " totals, task " + k + " " + lengths[2 * k] + " and " + lengths[2 * k + 1]);
            }
        }
        float[] totalSums = new float[totals.length];
        for (int i = 0; i < totals.length; i++) {
            int at = length + i;
            totalSums[i] = runs.sumAt(at, task -> shared.slots[task].get(at));
        }
        int marks = 0;
        for (int r = 0; r < runs.count(); r++) {
            if (runs.segment(r) == rank) {
                marks |= sumRun(shared, runs.from(r), runs.to(r), totalSums, summands);
            }
        }
        int[] everyMarks = gather(marks);
        for (int mark : everyMarks) {
            marks |= mark;
        }
        for (int r = 0; r < runs.count(); r++) {
            if (runs.segment(r) != rank) {
                int from = runs.from(r);
                shared.result.get(from, sum, 0, runs.to(r) - from);
                summands.write(from, runs.to(r), sum, 0);
            }
        }
        System.arraycopy(totalSums, 0, totals, 0, totals.length);
        return marks;
    }

    /**
     * Sums {@code [from, to)} of this task's segment in the ring's order, from its own summands and every other
     * task's slot, finishes it and stores it into its summands and the result.
     */
    private int sumRun(Region shared, int from, int to, float[] totalSums, Summands summands) {
        int size = size();
        int count = to - from;
        summands.read(from, to, sum, 0);
        for (int k = 1; k < size; k++) {
            shared.slots[(rank() + k) % size].get(from, term, 0, count);
            for (int i = 0; i < count; i++) {
                sum[i] += term[i];
            }
        }
        int marks = summands.finish(totalSums, from, to, sum, 0);
        summands.write(from, to, sum, 0);
        shared.result.put(from, sum, 0, count);
        return marks;
    }

    /**
     * Every task's {@code values}, by rank, through a sum on the ring, which is also a barrier: a task's writes to
     * the shared memory before it are seen by every task after it.
     */
    private int[] gather(int... values) {
        int size = size();
        float[] halves = new float[2 * values.length * size];
        int own = 2 * values.length * rank();
        for (int v = 0; v < values.length; v++) {
            halves[own + 2 * v] = values[v] & 0xffff;
            halves[own + 2 * v + 1] = values[v] >>> 16;
        }
        VarHandle.fullFence();
        ring.allreduceSum(halves);
        VarHandle.fullFence();
        int[] gathered = new int[values.length * size];
        for (int i = 0; i < gathered.length; i++) {
            gathered[i] = (int) halves[2 * i] | (int) halves[2 * i + 1] << 16;
        }
        return gathered;
    }

    /** The shared memory for sums of {@code length} values and {@code totalsLength} totals; null to use the ring. */
    private Region region(int length, int totalsLength) {
        if (ringOnly) {
            return null;
        }
        if (region != null && region.runs.length() == length && region.runs.totalsLength() == totalsLength) {
            return region;
        }
        region = null;
        long bytes = (size() + 1L) * (length + totalsLength) * Float.BYTES;
        Path file = directory.resolve(name + "-" + files++);
        MappedByteBuffer mapped = null;
        try {
            if (rank() == 0) {
                mapped = create(file, bytes);
            }
            if (gather(mapped == null ? 0 : 1)[0] == 1 && rank() != 0) {
                mapped = open(file, bytes);
            }
            for (int mappedIt : gather(mapped == null ? 0 : 1)) {
                ringOnly |= mappedIt == 0;
            }
        } finally {
            if (rank() == 0) {
                delete(file);
            }
        }
        if (!ringOnly) {
            region = new Region(mapped, size(), length, totalsLength);
        }
        return region;
    }

    private MappedByteBuffer create(Path file, long bytes) {
        if (bytes > Integer.MAX_VALUE) {
            return null;
        }
        try (FileChannel channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.READ, StandardOpenOption.WRITE), OWNER_ONLY)) {
            if (Files.getFileStore(directory).getUsableSpace() < 2 * bytes) {
                return null;
            }
            ByteBuffer zeros = ByteBuffer.allocate(FILL);
            for (long at = 0; at < bytes; at += FILL) {
                zeros.clear().limit((int) Math.min(FILL, bytes - at));
                while (zeros.hasRemaining()) {
                    channel.write(zeros, at + zeros.position());
                }
            }
            return channel.map(FileChannel.MapMode.READ_WRITE, 0, bytes);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static MappedByteBuffer open(Path file, long bytes) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return channel.size() == bytes ? channel.map(FileChannel.MapMode.READ_WRITE, 0, bytes) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a file rank 0 could not delete stays in shared memory until the host restarts
        }
    }

    @Override
    public void close() {
        region = null;
        ring.close();
    }

    /** The mapped file: a slot of summands and totals per task, then the finished sums, in the CPU's byte order. */
    private static final class Region {
        private final FloatBuffer[] slots;
        private final FloatBuffer result;
        private final RingRuns runs;

        Region(MappedByteBuffer mapped, int size, int length, int totalsLength) {
            FloatBuffer all = mapped.order(ByteOrder.nativeOrder()).asFloatBuffer();
            int width = length + totalsLength;
            this.slots = new FloatBuffer[size];
            for (int k = 0; k < size; k++) {
                slots[k] = all.slice(k * width, width);
            }
            this.result = all.slice(size * width, width);
            this.runs = new RingRuns(length, totalsLength, size);
        }
    }
}
