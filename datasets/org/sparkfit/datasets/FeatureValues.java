package org.sparkfit.datasets;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A block's raw feature values, row-major, in the narrowest type that holds them exactly: unsigned bytes for pixels
 * and other byte-valued data (a quarter of floats' memory, which is what an executor's cache of Fashion-MNIST
 * holds), shorts for other whole numbers of 16 bits (counts, 16-bit samples), floats otherwise, or for rows of
 * mostly zeros (LIBSVM) only their non-zero entries; or several such arrays one after the other ({@link Chunked}),
 * so that a part may hold more than one array's 2^31 values. Values become floats only as rows are copied out, into
 * a mini-batch.
 */
public sealed interface FeatureValues extends Serializable
        permits FeatureValues.Bytes, FeatureValues.Shorts, FeatureValues.Floats, FeatureValues.Sparse,
        FeatureValues.Chunked {

    /** How many values. */
    long length();

    /** Value {@code i} as a float. */
    float get(long i);

    /** Copies values {@code [from, from + count)} into {@code out} at {@code at}, as floats. */
    void copy(long from, int count, float[] out, int at);

    /** All values as floats (a copy). */
    default float[] toFloats() {
        float[] out = new float[Math.toIntExact(length())];
        copy(0, out.length, out, 0);
        return out;
    }

    /** {@code parts}' values one after the other, without copying them. */
    static FeatureValues concat(List<FeatureValues> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        List<FeatureValues> flat = new ArrayList<>();
        for (FeatureValues part : parts) {
            if (part instanceof Chunked chunked) {
                flat.addAll(Arrays.asList(chunked.chunks));
            } else if (part.length() > 0) {
                flat.add(part);
            }
        }
        return flat.size() == 1 ? flat.get(0) : new Chunked(flat.toArray(FeatureValues[]::new));
    }

    /** The values of rows {@code rows} (each {@code width} long), in that order, in the same type. */
    FeatureValues selectRows(int[] rows, int width);

    /** The bytes these values take in memory. */
    long memoryBytes();

    /**
     * {@code values} kept as unsigned bytes when every one is a whole number from 0 to 255, as shorts when every one
     * is a whole number from -32768 to 32767 (both checked exactly, so nothing is lost; -0 stays a float), else as
     * they are.
     */
    static FeatureValues of(float[] values) {
        boolean bytes = true;
        for (float v : values) {
            if (!(v >= Short.MIN_VALUE && v <= Short.MAX_VALUE && v == (int) v)
                    || Float.floatToRawIntBits(v) == Integer.MIN_VALUE) {
                return new Floats(values);
            }
            bytes &= v >= 0 && v <= 255;
        }
        if (bytes) {
            byte[] narrow = new byte[values.length];
            for (int i = 0; i < values.length; i++) {
                narrow[i] = (byte) (int) values[i];
            }
            return new Bytes(narrow);
        }
        short[] narrow = new short[values.length];
        for (int i = 0; i < values.length; i++) {
            narrow[i] = (short) values[i];
        }
        return new Shorts(narrow);
    }

    /** Copies rows {@code rows} of the row-major array {@code from} into {@code to}, in that order. */
    private static <A> A copyRows(A from, A to, int[] rows, int width) {
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(from, rows[i] * width, to, i * width, width);
        }
        return to;
    }

    /** Values from 0 to 255, one unsigned byte each. */
    record Bytes(byte[] values) implements FeatureValues {
        @Override
        public long length() {
            return values.length;
        }

        @Override
        public float get(long i) {
            return values[(int) i] & 0xFF;
        }

        @Override
        public void copy(long from, int count, float[] out, int at) {
            int start = (int) from;
            for (int i = 0; i < count; i++) {
                out[at + i] = values[start + i] & 0xFF;
            }
        }

        @Override
        public FeatureValues selectRows(int[] rows, int width) {
            return new Bytes(FeatureValues.copyRows(values, new byte[rows.length * width], rows, width));
        }

        @Override
        public long memoryBytes() {
            return values.length;
        }
    }

    /** Whole numbers from -32768 to 32767, two bytes each. */
    record Shorts(short[] values) implements FeatureValues {
        @Override
        public long length() {
            return values.length;
        }

        @Override
        public float get(long i) {
            return values[(int) i];
        }

        @Override
        public void copy(long from, int count, float[] out, int at) {
            int start = (int) from;
            for (int i = 0; i < count; i++) {
                out[at + i] = values[start + i];
            }
        }

        @Override
        public FeatureValues selectRows(int[] rows, int width) {
            return new Shorts(FeatureValues.copyRows(values, new short[rows.length * width], rows, width));
        }

        @Override
        public long memoryBytes() {
            return (long) values.length * Short.BYTES;
        }
    }

    /** Any float values. */
    record Floats(float[] values) implements FeatureValues {
        @Override
        public long length() {
            return values.length;
        }

        @Override
        public float get(long i) {
            return values[(int) i];
        }

        @Override
        public void copy(long from, int count, float[] out, int at) {
            System.arraycopy(values, (int) from, out, at, count);
        }

        @Override
        public FeatureValues selectRows(int[] rows, int width) {
            return new Floats(FeatureValues.copyRows(values, new float[rows.length * width], rows, width));
        }

        @Override
        public long memoryBytes() {
            return (long) values.length * Float.BYTES;
        }
    }

    /**
     * Rows of mostly zeros kept as their entries, as LIBSVM lists them: row {@code r}'s entries are
     * {@code [starts[r], starts[r + 1])} of {@code columns} (0-based, ascending) and of {@code values} (in their
     * narrowest type); every other value is 0.
     */
    final class Sparse implements FeatureValues {
        private static final long serialVersionUID = 1L;

        private final int width;
        private final int[] starts;
        private final int[] columns;
        private final FeatureValues values;

        public Sparse(int width, int[] starts, int[] columns, FeatureValues values) {
            if (starts.length == 0 || starts[starts.length - 1] != columns.length
                    || values.length() != columns.length) {
                throw new IllegalArgumentException("row starts, columns and values do not match");
            }
            this.width = width;
            this.starts = starts;
            this.columns = columns;
            this.values = values;
        }

        /**
         * Rows of {@code width} given as their entries, kept as entries when that takes less memory than the rows
         * written out (in the entries' type, which also holds the zeros), else written out.
         */
        public static FeatureValues of(int width, int[] starts, int[] columns, float[] entries) {
            FeatureValues values = FeatureValues.of(entries);
            Sparse sparse = new Sparse(width, starts, columns, values);
            long rows = starts.length - 1;
            long dense = rows * width * (entries.length == 0 ? 1 : values.memoryBytes() / entries.length);
            if (sparse.memoryBytes() < dense || dense > Integer.MAX_VALUE - 8) {
                return sparse;
            }
            float[] out = new float[(int) (rows * width)];
            sparse.copy(0, out.length, out, 0);
            return FeatureValues.of(out);
        }

        public int width() {
            return width;
        }

        public int[] starts() {
            return starts;
        }

        public int[] columns() {
            return columns;
        }

        public FeatureValues values() {
            return values;
        }

        @Override
        public long length() {
            return (long) (starts.length - 1) * width;
        }

        @Override
        public float get(long i) {
            int row = (int) (i / width);
            int found = Arrays.binarySearch(columns, starts[row], starts[row + 1], (int) (i % width));
            return found >= 0 ? values.get(found) : 0f;
        }

        @Override
        public void copy(long from, int count, float[] out, int at) {
            Arrays.fill(out, at, at + count, 0f);
            long end = from + count;
            for (int row = (int) (from / width); row < starts.length - 1 && (long) row * width < end; row++) {
                for (int e = starts[row]; e < starts[row + 1]; e++) {
                    long position = (long) row * width + columns[e];
                    if (position >= from && position < end) {
                        out[at + (int) (position - from)] = values.get(e);
                    }
                }
            }
        }

        @Override
        public FeatureValues selectRows(int[] rows, int width) {
            int[] selectedStarts = new int[rows.length + 1];
            for (int i = 0; i < rows.length; i++) {
                selectedStarts[i + 1] = selectedStarts[i] + starts[rows[i] + 1] - starts[rows[i]];
            }
            int[] selectedColumns = new int[selectedStarts[rows.length]];
            float[] selectedValues = new float[selectedColumns.length];
            for (int i = 0; i < rows.length; i++) {
                int n = starts[rows[i] + 1] - starts[rows[i]];
                System.arraycopy(columns, starts[rows[i]], selectedColumns, selectedStarts[i], n);
                values.copy(starts[rows[i]], n, selectedValues, selectedStarts[i]);
            }
            return new Sparse(width, selectedStarts, selectedColumns, FeatureValues.of(selectedValues));
        }

        @Override
        public long memoryBytes() {
            return 4L * starts.length + 4L * columns.length + values.memoryBytes();
        }
    }

    /** Arrays of values one after the other, read as one. */
    final class Chunked implements FeatureValues {
        private static final long serialVersionUID = 1L;

        private final FeatureValues[] chunks;
        /** Where each chunk starts; one more entry, the total length. */
        private final long[] starts;

        Chunked(FeatureValues[] chunks) {
            this.chunks = chunks;
            this.starts = new long[chunks.length + 1];
            for (int i = 0; i < chunks.length; i++) {
                starts[i + 1] = starts[i] + chunks[i].length();
            }
        }

        private int chunkOf(long i) {
            int found = Arrays.binarySearch(starts, i);
            return found >= 0 ? found : -found - 2;
        }

        @Override
        public long length() {
            return starts[chunks.length];
        }

        @Override
        public float get(long i) {
            int c = chunkOf(i);
            return chunks[c].get(i - starts[c]);
        }

        @Override
        public void copy(long from, int count, float[] out, int at) {
            int c = chunkOf(from);
            long in = from - starts[c];
            while (count > 0) {
                int n = (int) Math.min(count, chunks[c].length() - in);
                chunks[c].copy(in, n, out, at);
                count -= n;
                at += n;
                c++;
                in = 0;
            }
        }

        @Override
        public FeatureValues selectRows(int[] rows, int width) {
            float[] out = new float[Math.multiplyExact(rows.length, width)];
            for (int i = 0; i < rows.length; i++) {
                copy((long) rows[i] * width, width, out, i * width);
            }
            return FeatureValues.of(out);
        }

        @Override
        public long memoryBytes() {
            long bytes = 0;
            for (FeatureValues chunk : chunks) {
                bytes += chunk.memoryBytes();
            }
            return bytes;
        }
    }
}
