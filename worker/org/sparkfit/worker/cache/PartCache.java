package org.sparkfit.worker.cache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkEnv;
import org.sparkfit.datasets.DataSource;
import org.sparkfit.datasets.Examples;
import org.sparkfit.datasets.FeatureValues;

/**
 * Takes a part's blocks as its source reads them and keeps them where {@link DataCache} says: on the heap, or in a
 * local file as soon as the part is known not to fit in {@code budget} bytes (from the first block when the source
 * told the part's rows, else once the blocks held pass the budget), so that a part bigger than memory is never held
 * whole.
 */
public final class PartCache implements DataSource.Blocks {
    /** About how many bytes of values a block read from a source holds. */
    public static final long BLOCK_BYTES = 4L << 20;
    /** About how many bytes of blocks an epoch's shuffle mixes at once in a part on disk. */
    public static final long WINDOW_BYTES = 64L << 20;

    private final DataCache mode;
    private final long budget;
    private final long windowBytes;
    private final NewFile newFile;
    private final DiskPart.Reread reread;
    private final List<Examples> held = new ArrayList<>();
    private long expectedRows = -1;
    private long heldBytes;
    private PartFile.Writer writer;
    private Examples template;

    /** Where a part spilled to disk is written. */
    @FunctionalInterface
    public interface NewFile {
        Path create() throws IOException;
    }

    /**
     * @param budget       the most bytes a part kept in memory may take ({@link #budget()})
     * @param windowBytes  about how many bytes of a part on disk an epoch's shuffle mixes at once
     *                     ({@link #WINDOW_BYTES})
     * @param reread       reads the part again to disk, for a task that runs where the file is not
     */
    public PartCache(DataCache mode, long budget, long windowBytes, NewFile newFile, DiskPart.Reread reread) {
        this.mode = mode;
        this.budget = budget;
        this.windowBytes = windowBytes;
        this.newFile = newFile;
        this.reread = reread;
    }

    /**
     * The bytes of one part an executor keeps in memory: the storage memory Spark guards against eviction
     * ({@code spark.memory.storageFraction} of its unified region), shared by the executor's task slots
     * ({@code spark.executor.cores}, or the machine's processors where Spark does not set it, as in local mode and
     * on a standalone cluster).
     */
    public static long budget() {
        SparkEnv env = SparkEnv.get();
        long storage = env.memoryManager().maxOnHeapStorageMemory();
        double fraction = env.conf().getDouble("spark.memory.storageFraction", 0.5);
        int cores = env.conf().getInt("spark.executor.cores", Runtime.getRuntime().availableProcessors());
        int slots = Math.max(1, cores / env.conf().getInt("spark.task.cpus", 1));
        return (long) (storage * fraction / slots);
    }

    /** A new file in this executor's local directories, which Spark deletes with them. */
    public static Path localFile() {
        return SparkEnv.get().blockManager().diskBlockManager().createTempLocalBlock()._2().toPath();
    }

    @Override
    public void expect(long rows) {
        expectedRows = rows;
    }

    @Override
    public void accept(Examples block) throws IOException {
        if (template == null) {
            template = block.emptyLike();
        }
        if (writer != null) {
            write(block);
            return;
        }
        held.add(block);
        heldBytes += block.memoryBytes();
        boolean tooBig = heldBytes > budget || expectedRows > 0 && block.rows() > 0
                && (double) block.memoryBytes() / block.rows() * expectedRows > budget;
        if (mode == DataCache.DISK || mode == DataCache.AUTO && tooBig) {
            writer = new PartFile.Writer(newFile.create());
            for (Examples h : held) {
                write(h);
            }
            held.clear();
        }
    }

    /** Writes {@code block} in pieces of about {@link #BLOCK_BYTES}, so that each loads with bounded memory. */
    private void write(Examples block) throws IOException {
        long rowBytes = Math.max(1, block.memoryBytes() / Math.max(1, block.rows()));
        int pieceRows = (int) Math.max(1, BLOCK_BYTES / rowBytes);
        if (block.rows() <= 2 * pieceRows && !(block.values() instanceof FeatureValues.Chunked)) {
            writer.write(block);
            return;
        }
        for (int from = 0; from < block.rows(); from += pieceRows) {
            int[] rows = new int[Math.min(pieceRows, block.rows() - from)];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = from + i;
            }
            writer.write(block.select(rows));
        }
    }

    /** Drops what a read that failed wrote: nothing half written stays on the executor's disk. */
    public void abandon() throws IOException {
        held.clear();
        if (writer != null) {
            writer.close();
            Files.deleteIfExists(writer.file());
        }
    }

    /** The part as read: in memory, or on disk. */
    public StoredPart finish() throws IOException {
        if (writer == null) {
            return new MemoryPart(Examples.concat(held));
        }
        writer.close();
        return new DiskPart(writer.file(), writer.offsets(), Math.toIntExact(writer.rows()), template, windowBytes,
                reread);
    }
}
