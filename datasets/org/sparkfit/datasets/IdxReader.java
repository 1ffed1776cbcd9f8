package org.sparkfit.datasets;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/** Reads a header, or a contiguous range of records, from one IDX file (plain or gzip). */
public final class IdxReader {
    private final String file;
    private final Configuration conf;

    public IdxReader(String file, Configuration conf) {
        this.file = file;
        this.conf = conf;
    }

    /** Reads and checks the header; for an uncompressed file also checks that the file holds every record. */
    public IdxHeader header() throws IOException {
        IdxHeader header;
        try (InputStream in = HadoopFiles.openHead(file, conf)) {
            header = IdxHeader.read(in, file);
        }
        if (!HadoopFiles.isCompressed(file, conf)) {
            Path path = new Path(file);
            long actual = path.getFileSystem(conf).getFileStatus(path).getLen();
            long expected = header.headerBytes() + header.records() * header.recordBytes();
            if (actual < expected) {
                throw new DataFormatException(file + ": truncated: the header promises " + header.records()
                        + " records (" + expected + " bytes) but the file has " + actual + " bytes");
            }
        }
        return header;
    }

    /**
     * Reads records [start, start + count) as one row-major block of values: unsigned bytes kept as bytes, other
     * types as floats ({@link FeatureValues#of}). A range that ends at the last record reads a gzip file to its end,
     * so that its trailer's CRC checks every byte before it.
     */
    public FeatureValues read(IdxHeader header, long start, int count) throws IOException {
        try (Records records = open(header, start, count)) {
            return records.next(count);
        }
    }

    /** Opens records [start, start + count) to be read a block at a time, in order. */
    public Records open(IdxHeader header, long start, long count) throws IOException {
        long offset = header.headerBytes() + start * header.recordBytes();
        return new Records(header, start, start + count,
                new DataInputStream(openAt(offset, count * header.recordBytes(), header, start)));
    }

    /** A range of records read in order, a block at a time. */
    public final class Records implements AutoCloseable {
        private final IdxHeader header;
        private final long end;
        private final DataInputStream in;
        private final byte[] record;
        private long next;

        private Records(IdxHeader header, long start, long end, DataInputStream in) {
            this.header = header;
            this.next = start;
            this.end = end;
            this.in = in;
            this.record = new byte[Math.toIntExact(header.recordBytes())];
        }

        /** The record the next block starts at. */
        public long position() {
            return next;
        }

        /** Reads the next {@code count} records (fewer at the end of the range) as one row-major block. */
        public FeatureValues next(int count) throws IOException {
            count = (int) Math.min(count, end - next);
            int width = header.recordElements();
            if ((long) count * width > Integer.MAX_VALUE - 8) {
                throw new DataFormatException(file + ": a block of " + count + " records of " + width + " values is "
                        + "more than 2^31 values; raise spark.workers so that each part is smaller");
            }
            boolean bytes = header.unsignedBytes();
            byte[] raw = bytes ? new byte[count * width] : null;
            float[] out = bytes ? null : new float[count * width];
            for (int r = 0; r < count; r++) {
                try {
                    if (bytes) {
                        in.readFully(raw, r * width, width);
                        continue;
                    }
                    in.readFully(record);
                } catch (EOFException e) {
                    throw truncated(header, next + r);
                }
                int base = r * width;
                for (int i = 0; i < width; i++) {
                    out[base + i] = header.element(record, i);
                }
            }
            next += count;
            if (next == header.records()) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            return bytes ? new FeatureValues.Bytes(raw) : FeatureValues.of(out);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    private InputStream openAt(long offset, long length, IdxHeader header, long record) throws IOException {
        try {
            return HadoopFiles.openRange(file, offset, length, conf);
        } catch (EOFException e) {
            throw truncated(header, record);
        }
    }

    private DataFormatException truncated(IdxHeader header, long record) {
        return DataFormatException.atRecord(file, record, "file ends inside this record: truncated (the header "
                + "promises " + header.records() + " records)");
    }
}
