package org.sparkfit.datasets;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.commons.io.input.BOMInputStream;
import org.apache.commons.io.input.BoundedInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Opens data files on any Hadoop file system, gzip-compressed or not (told by content, not by name). */
public final class HadoopFiles {
    private static final int BUFFER = 1 << 16;
    /** Enough for any header sparkfit reads, so the driver's inspection reads next to nothing of the data. */
    private static final int HEAD_BUFFER = 1 << 10;

    private HadoopFiles() {
    }

    /**
     * Opens bytes [{@code offset}, {@code offset + length}) of {@code file}'s (decompressed) content. A plain file
     * seeks there and reads no further than the range; a gzip file, which cannot seek, is decompressed up to it.
     */
    public static InputStream openRange(String file, long offset, long length, Configuration conf)
            throws IOException {
        return openAt(file, offset, length, conf, BUFFER);
    }

    public static InputStream open(String file, Configuration conf) throws IOException {
        return openAt(file, 0, Long.MAX_VALUE, conf, BUFFER);
    }

    /** Opens {@code file} to read its first bytes only, buffering little. */
    public static InputStream openHead(String file, Configuration conf) throws IOException {
        return openAt(file, 0, Long.MAX_VALUE, conf, HEAD_BUFFER);
    }

    /** Opens {@code file} at {@code offset} to read a few bytes from there, buffering little. */
    public static InputStream openFrom(String file, long offset, Configuration conf) throws IOException {
        return openAt(file, offset, Long.MAX_VALUE, conf, HEAD_BUFFER);
    }

    /**
     * Opens {@code file} as UTF-8 text, skipping a byte-order mark (spreadsheet programs write one). Bytes that are
     * not UTF-8 read as U+FFFD, so a reader reports the cell that holds them.
     */
    public static Reader openText(String file, Configuration conf) throws IOException {
        return text(open(file, conf));
    }

    /** {@link #openText} for reading the first lines only, buffering little. */
    public static Reader openHeadText(String file, Configuration conf) throws IOException {
        return text(openHead(file, conf));
    }

    private static Reader text(InputStream in) throws IOException {
        return new InputStreamReader(BOMInputStream.builder().setInputStream(in).get(), StandardCharsets.UTF_8);
    }

    private static InputStream openAt(String file, long offset, long length, Configuration conf, int buffer)
            throws IOException {
        FSDataInputStream raw = openRaw(file, conf);
        if (isGzip(raw)) {
            InputStream in = new BufferedInputStream(new CheckedGzip(file, raw, buffer), buffer);
            in.skipNBytes(offset);
            return in;
        }
        raw.seek(offset);
        // Bounded, so that the buffer never reads past the range into another executor's part.
        return new BufferedInputStream(BoundedInputStream.builder().setInputStream(raw).setMaxCount(length).get(),
                buffer);
    }

    /**
     * The most lines {@code file} can hold, from its size: a line takes at least two bytes, and gzip inflates at
     * most 1032-fold.
     */
    public static long maxLines(String file, Configuration conf) throws IOException {
        long bytes;
        try (FSDataInputStream raw = openRaw(file, conf)) {
            bytes = new Path(file).getFileSystem(conf).getFileStatus(new Path(file)).getLen();
            if (isGzip(raw)) {
                bytes = bytes > Long.MAX_VALUE / 1032 ? Long.MAX_VALUE : bytes * 1032;
            }
        }
        return bytes / 2 + 1;
    }

    /** Whether {@code file} is gzip-compressed, told by its first two bytes. */
    public static boolean isCompressed(String file, Configuration conf) throws IOException {
        try (FSDataInputStream raw = openRaw(file, conf)) {
            return isGzip(raw);
        }
    }

    /**
     * Opens {@code file} itself. The readers here buffer above the stream, so the file system's own buffer is kept
     * small: the local one would fill Spark's 64 KiB io.file.buffer.size on every open, even to read two bytes, and
     * read up to that far past the end of a part's range.
     */
    private static FSDataInputStream openRaw(String file, Configuration conf) throws IOException {
        Path path = new Path(file);
        FileSystem fs = path.getFileSystem(conf);
        try {
            return fs.open(path, HEAD_BUFFER);
        } catch (FileNotFoundException e) {
            if (fs.exists(path) && fs.getFileStatus(path).isDirectory()) {
                throw new DataFormatException(file + ": is a directory; give the data file itself (this format reads "
                        + "one file)");
            }
            throw new DataFormatException(file + ": no such file; check the path in the job file");
        }
    }

    /**
     * A gzip stream whose damage is reported as the file's: a cut stream ends early, a damaged one fails to inflate
     * or to match its trailer's CRC (checked when the stream is read to its end).
     */
    private static final class CheckedGzip extends FilterInputStream {
        private final String file;

        CheckedGzip(String file, InputStream raw, int buffer) throws IOException {
            super(null);
            this.file = file;
            try {
                in = new GZIPInputStream(raw, buffer);
            } catch (IOException e) {
                raw.close();
                throw damaged(e);
            }
        }

        @Override
        public int read() throws IOException {
            try {
                return in.read();
            } catch (IOException e) {
                throw damaged(e);
            }
        }

        @Override
        public long skip(long n) throws IOException {
            try {
                return in.skip(n);
            } catch (IOException e) {
                throw damaged(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (IOException e) {
                throw damaged(e);
            }
        }

        private IOException damaged(IOException e) {
            if (e instanceof EOFException) {
                throw new DataFormatException(file + ": the gzip stream ends early: the file is truncated; copy it "
                        + "again");
            }
            if (e instanceof ZipException) {
                throw new DataFormatException(file + ": the gzip stream is damaged (" + e.getMessage() + "): the file "
                        + "is corrupt; copy it again");
            }
            return e;
        }
    }

    private static boolean isGzip(FSDataInputStream in) throws IOException {
        int b1 = in.read();
        int b2 = in.read();
        in.seek(0);
        return b1 == 0x1f && b2 == 0x8b;
    }
}
