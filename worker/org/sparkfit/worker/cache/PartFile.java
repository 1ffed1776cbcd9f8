package org.sparkfit.worker.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.sparkfit.datasets.Examples;
import org.sparkfit.datasets.FeatureValues;

/**
 * The file format of a {@link DiskPart}: its blocks one after the other, each its rows' raw compact values (bytes,
 * shorts, floats, or a sparse row's entries), labels and row keys, with a small header; the block offsets stay with
 * the part. Preprocessing is not stored: it is applied as a block is loaded, so the file holds what the source holds.
 * Row keys that step evenly (record numbers) are stored as their first and step, others one by one.
 */
final class PartFile {
    /**
     * Rows (int), labels (byte: 0 none, 1 present), keys (byte: 0 first key and step as two longs after the labels,
     * 1 one long per row); then the values, the labels and the keys.
     */
    private static final int HEADER = Integer.BYTES + 2;
    private static final byte BYTES = 0;
    private static final byte FLOATS = 1;
    private static final byte SPARSE = 2;
    private static final byte SHORTS = 3;

    private PartFile() {
    }

    /** Writes blocks to a new file, keeping where each starts. */
    static final class Writer implements AutoCloseable {
        private final Path file;
        private final FileChannel channel;
        private final List<Long> offsets = new ArrayList<>();
        private final BlockArrays buffers = new BlockArrays();
        private long position;
        private long rows;

        Writer(Path file) throws IOException {
            this.file = file;
            this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
        }

        /** Appends the raw rows of {@code block} (values in one array, or sparse) as one block. */
        void write(Examples block) throws IOException {
            int rowCount = block.rows();
            boolean stepped = stepsEvenly(block);
            ByteBuffer buffer = buffers.staging(Math.toIntExact(HEADER + size(block.values())
                    + (block.hasLabels() ? 4L * rowCount : 0) + (stepped ? 16 : 8L * rowCount)));
            buffer.putInt(rowCount).put((byte) (block.hasLabels() ? 1 : 0)).put((byte) (stepped ? 0 : 1));
            put(buffer, block.values());
            if (block.hasLabels()) {
                buffer.asFloatBuffer().put(block.labels(), 0, rowCount);
                buffer.position(buffer.position() + rowCount * 4);
            }
            if (stepped) {
                buffer.putLong(rowCount == 0 ? 0 : block.rowKey(0)).putLong(step(block));
            } else {
                for (int i = 0; i < rowCount; i++) {
                    buffer.putLong(block.rowKey(i));
                }
            }
            buffer.flip();
            offsets.add(position);
            while (buffer.hasRemaining()) {
                position += channel.write(buffer);
            }
            rows += rowCount;
        }

        long rows() {
            return rows;
        }

        /** The bytes {@link #put} takes for {@code values}. */
        private static long size(FeatureValues values) {
            if (values instanceof FeatureValues.Sparse sparse) {
                return 1 + Integer.BYTES * (1L + sparse.starts().length + sparse.columns().length)
                        + size(sparse.values());
            }
            return 1 + values.memoryBytes();
        }

        /**
         * Writes {@code values}: their type, then the bytes, shorts or floats; for sparse rows their starts and
         * columns too.
         */
        private static void put(ByteBuffer buffer, FeatureValues values) {
            if (values instanceof FeatureValues.Bytes b) {
                buffer.put(BYTES).put(b.values());
            } else if (values instanceof FeatureValues.Shorts shorts) {
                buffer.put(SHORTS).asShortBuffer().put(shorts.values());
                buffer.position(buffer.position() + shorts.values().length * Short.BYTES);
            } else if (values instanceof FeatureValues.Floats f) {
                buffer.put(FLOATS).asFloatBuffer().put(f.values());
                buffer.position(buffer.position() + f.values().length * Float.BYTES);
            } else if (values instanceof FeatureValues.Sparse sparse) {
                buffer.put(SPARSE).putInt(sparse.columns().length);
                buffer.asIntBuffer().put(sparse.starts()).put(sparse.columns());
                buffer.position(buffer.position() + Integer.BYTES * (sparse.starts().length
                        + sparse.columns().length));
                put(buffer, sparse.values());
            } else {
                throw new IllegalArgumentException("a stored block holds its values in one array, or sparse");
            }
        }

        private static long step(Examples block) {
            return block.rows() < 2 ? 1 : block.rowKey(1) - block.rowKey(0);
        }

        /** Whether the block's keys are its first key plus a step (an int) times the row. */
        private static boolean stepsEvenly(Examples block) {
            long step = step(block);
            if (step != (int) step) {
                return false;
            }
            for (int i = 1; i < block.rows(); i++) {
                if (block.rowKey(i) != block.rowKey(0) + i * step) {
                    return false;
                }
            }
            return true;
        }

        /** Each block's offset, then the file's length. */
        long[] offsets() {
            long[] out = new long[offsets.size() + 1];
            for (int i = 0; i < offsets.size(); i++) {
                out[i] = offsets.get(i);
            }
            out[offsets.size()] = position;
            return out;
        }

        Path file() {
            return file;
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /**
     * Reads the block of {@code file} from {@code offset} to {@code end}, raw, as rows of {@code width}, into arrays
     * from {@code arrays}.
     */
    static Examples read(Path file, long offset, long end, int width, BlockArrays arrays) {
        ByteBuffer buffer = arrays.staging(Math.toIntExact(end - offset));
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, offset + buffer.position()) < 0) {
                    throw new IOException("ends before byte " + end);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the locally stored part " + file + ": " + e.getMessage(),
                    e);
        }
        buffer.flip();
        int rows = buffer.getInt();
        boolean labelled = buffer.get() == 1;
        boolean stepped = buffer.get() == 0;
        FeatureValues values = values(buffer, rows, width, arrays);
        float[] labels = null;
        if (labelled) {
            labels = arrays.floats(rows);
            buffer.asFloatBuffer().get(labels);
            buffer.position(buffer.position() + rows * 4);
        }
        if (stepped) {
            return new Examples(rows, width, values, labels, buffer.getLong(), Math.toIntExact(buffer.getLong()));
        }
        long[] keys = arrays.longs(rows);
        buffer.asLongBuffer().get(keys);
        return Examples.keyed(width, values, labels, keys);
    }

    /** Reads what {@link Writer#put} wrote for {@code rows} rows of {@code width}. */
    private static FeatureValues values(ByteBuffer buffer, int rows, int width, BlockArrays arrays) {
        byte type = buffer.get();
        if (type == SPARSE) {
            int[] columns = arrays.ints(buffer.getInt());
            int[] starts = arrays.ints(rows + 1);
            buffer.asIntBuffer().get(starts).get(columns);
            buffer.position(buffer.position() + Integer.BYTES * (starts.length + columns.length));
            return new FeatureValues.Sparse(width, starts, columns, values(buffer, columns.length, 1, arrays));
        }
        int count = Math.multiplyExact(rows, width);
        if (type == BYTES) {
            byte[] raw = arrays.bytes(count);
            buffer.get(raw);
            return new FeatureValues.Bytes(raw);
        }
        if (type == SHORTS) {
            short[] raw = arrays.shorts(count);
            buffer.asShortBuffer().get(raw);
            buffer.position(buffer.position() + count * Short.BYTES);
            return new FeatureValues.Shorts(raw);
        }
        float[] raw = arrays.floats(count);
        buffer.asFloatBuffer().get(raw);
        buffer.position(buffer.position() + count * Float.BYTES);
        return new FeatureValues.Floats(raw);
    }
}
