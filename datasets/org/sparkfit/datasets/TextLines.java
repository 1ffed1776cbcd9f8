package org.sparkfit.datasets;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The lines of a byte stream as UTF-8 text, each with the offset where it starts (which a {@link java.io.Reader}
 * cannot tell): a '\n' ends a line, and a '\r' before it is dropped.
 */
final class TextLines implements Closeable {
    private final InputStream in;
    private final byte[] buffer = new byte[1 << 16];
    private int position;
    private int limit;
    /** The stream offset of {@code buffer[0]}. */
    private long consumed;
    private long start;
    private byte[] line = new byte[1 << 10];

    TextLines(InputStream in) {
        this.in = in;
    }

    /** The next line, or null at the stream's end. */
    String next() throws IOException {
        start = consumed + position;
        int length = 0;
        while (true) {
            if (position == limit && !fill()) {
                return length == 0 ? null : decode(length);
            }
            int stop = position;
            while (stop < limit && buffer[stop] != '\n') {
                stop++;
            }
            if (length + stop - position > line.length) {
                line = java.util.Arrays.copyOf(line, Math.max(line.length * 2, length + stop - position));
            }
            System.arraycopy(buffer, position, line, length, stop - position);
            length += stop - position;
            position = Math.min(stop + 1, limit);
            if (stop < limit) {
                return decode(length);
            }
        }
    }

    /** The stream offset where the line {@link #next} returned last starts. */
    long start() {
        return start;
    }

    private boolean fill() throws IOException {
        consumed += limit;
        position = 0;
        limit = Math.max(0, in.read(buffer));
        return limit > 0;
    }

    private String decode(int length) {
        int end = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
        return new String(line, 0, end, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
