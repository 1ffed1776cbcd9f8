package org.sparkfit.datasets;

import java.io.BufferedInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
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

    private static InputStream openAt(String file, long offset, long length, Configuration conf, int buffer)
            throws IOException {
        FSDataInputStream raw = openRaw(file, conf);
        if (isGzip(raw)) {
            InputStream in = new BufferedInputStream(new GZIPInputStream(raw, buffer), buffer);
            in.skipNBytes(offset);
            return in;
        }
        raw.seek(offset);
        // Bounded, so that the buffer never reads past the range into another executor's part.
        return new BufferedInputStream(BoundedInputStream.builder().setInputStream(raw).setMaxCount(length).get(),
                buffer);
    }

    /** Whether {@code file} is gzip-compressed, told by its first two bytes. */
    public static boolean isCompressed(String file, Configuration conf) throws IOException {
        try (FSDataInputStream raw = openRaw(file, conf)) {
            return isGzip(raw);
        }
    }

    private static FSDataInputStream openRaw(String file, Configuration conf) throws IOException {
        Path path = new Path(file);
        FileSystem fs = path.getFileSystem(conf);
        try {
            return fs.open(path);
        } catch (FileNotFoundException e) {
            throw new DataFormatException(file + ": no such file; check the path in the job file");
        }
    }

    private static boolean isGzip(FSDataInputStream in) throws IOException {
        int b1 = in.read();
        int b2 = in.read();
        in.seek(0);
        return b1 == 0x1f && b2 == 0x8b;
    }
}
