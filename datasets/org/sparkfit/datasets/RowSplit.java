package org.sparkfit.datasets;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What part {@code p} of {@code n} reads of one file of a source of rows, one per line (CSV, LIBSVM). The source is
 * one file or a directory of part files (sorted by name; names starting with '_' or '.' are not data, as Spark and
 * Hadoop write them), taken as their bytes one after the other and cut into {@code n} equal byte ranges. A line
 * belongs to the part where it starts, as Hadoop's line reader decides, so all parts together read the files once,
 * plus the line at each boundary. A gzip file cannot seek: in a directory it belongs whole to the part where it
 * starts; a lone gzip file is read whole by every part, each keeping the rows whose 0-based number is congruent to
 * {@code p} modulo {@code n}.
 *
 * <p>A row's key ({@link #key}) is its file's number in the sorted list times 2^40 plus the byte offset where its
 * line starts in the file's (decompressed) content: the same whichever way, and in however many parts, the source
 * is read, so that a seeded split of the rows ({@link SplitSource}) does not depend on the number of workers.
 */
final class RowSplit {
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final int OFFSET_BITS = 40;

    private final String file;
    private final int fileIndex;
    private final Configuration conf;
    /** Where the content's first line starts (after a byte-order mark); -1 when this split starts below it. */
    private final long top;
    private final long start;
    private final long end;
    private final int part;
    private final int parts;
    private final boolean strided;
    private long linesBefore = -1;

    private RowSplit(String file, int fileIndex, Configuration conf, long top, long start, long end, int part,
                     int parts, boolean strided) {
        this.file = file;
        this.fileIndex = fileIndex;
        this.conf = conf;
        this.top = top;
        this.start = start;
        this.end = end;
        this.part = part;
        this.parts = parts;
        this.strided = strided;
    }

    /** One data file: its path as the job names it (a directory's path joined with its name), and its size. */
    record DataFile(String path, long length) {
    }

    /**
     * The data files of {@code path}: the file itself, or a directory's files sorted by name.
     *
     * @throws DataFormatException when there is no such path, or the directory holds no data file
     */
    static List<DataFile> files(String path, Configuration conf) throws IOException {
        Path root = new Path(path);
        FileSystem fs = root.getFileSystem(conf);
        FileStatus status;
        try {
            status = fs.getFileStatus(root);
        } catch (FileNotFoundException e) {
            throw new DataFormatException(path + ": no such file or directory; check the path in the job file");
        }
        if (!status.isDirectory()) {
            return List.of(new DataFile(path, status.getLen()));
        }
        List<FileStatus> files = new ArrayList<>(Arrays.stream(fs.listStatus(root, p -> !p.getName().startsWith("_")
                && !p.getName().startsWith("."))).filter(FileStatus::isFile).toList());
        if (files.isEmpty()) {
            throw new DataFormatException(path + ": the directory holds no data files (names starting with _ or . are "
                    + "not data); check the path in the job file");
        }
        files.sort(Comparator.comparing(f -> f.getPath().getName()));
        String dir = path.endsWith("/") ? path : path + "/";
        return files.stream().map(f -> new DataFile(dir + f.getPath().getName(), f.getLen())).toList();
    }

    /** The most lines {@code path}'s files can hold, from their sizes ({@link HadoopFiles#maxLines}). */
    static long maxLines(String path, Configuration conf) throws IOException {
        long lines = 0;
        for (DataFile file : files(path, conf)) {
            lines = Math.addExact(lines, HadoopFiles.maxLines(file.path(), conf));
        }
        return lines;
    }

    /**
     * Why every part reads {@code path} whole to keep its share of the rows: it is a lone gzip file; null when it is
     * not ({@link DataSource#readWholeByEveryPart}).
     */
    static String readWholeByEveryPart(String path, Configuration conf) throws IOException {
        List<DataFile> files = files(path, conf);
        return files.size() == 1 && HadoopFiles.isCompressed(files.get(0).path(), conf) ? "is gzip-compressed and "
                + "cannot be read in parts; store it uncompressed for each worker to read only its own" : null;
    }

    /** The splits part {@code part} of {@code parts} reads, one per file it reads from, in the source's order. */
    static List<RowSplit> of(String path, Configuration conf, int part, int parts) throws IOException {
        if (parts < 1 || part < 0 || part >= parts) {
            throw new IllegalArgumentException("part " + part + " of " + parts);
        }
        List<DataFile> files = files(path, conf);
        long total = files.stream().mapToLong(DataFile::length).sum();
        long from = total * part / parts;
        long to = total * (part + 1) / parts;
        List<RowSplit> splits = new ArrayList<>();
        long base = 0;
        for (int i = 0; i < files.size(); i++) {
            long length = files.get(i).length();
            if (base < to && base + length > from) {
                String file = files.get(i).path();
                boolean starts = from <= base;
                if (HadoopFiles.isCompressed(file, conf)) {
                    if (files.size() == 1) {
                        long top = top(file, conf);
                        return List.of(new RowSplit(file, 0, conf, top, top, Long.MAX_VALUE, part, parts, true));
                    }
                    if (starts) {
                        long top = top(file, conf);
                        splits.add(new RowSplit(file, i, conf, top, top, Long.MAX_VALUE, part, parts, false));
                    }
                } else {
                    long top = starts ? top(file, conf) : -1;
                    long start = starts ? top : lineStart(file, conf, from - base);
                    long end = to >= base + length ? length : lineStart(file, conf, to - base);
                    if (start < end) {
                        splits.add(new RowSplit(file, i, conf, top, start, end, part, parts, false));
                    }
                }
            }
            base += length;
        }
        return splits;
    }

    /** The file this split reads, for messages. */
    String file() {
        return file;
    }

    /** The key of the row whose line starts at {@code offset} bytes after {@link #start}. */
    long key(long offset) {
        long at = start + offset;
        if (at >= 1L << OFFSET_BITS) {
            throw new DataFormatException(file + ": holds more than 1 TiB of text; split it into several files");
        }
        return ((long) fileIndex << OFFSET_BITS) + at;
    }

    /** Whether this split reads from the file's first line, where a header is. */
    boolean fromTop() {
        return start == top;
    }

    /** This split's bytes, from its start. */
    InputStream open() throws IOException {
        return HadoopFiles.openRange(file, start, end - start, conf);
    }

    /** Whether this part keeps the row numbered {@code row} (0-based) among the rows the split reads. */
    boolean owns(long row) {
        return !strided || row % parts == part;
    }

    /**
     * The file's line number of line {@code lineInSplit} (1-based) of this split. The lines before the split are
     * counted once, when a message first needs it: that reads the file up to here.
     */
    long fileLine(long lineInSplit) {
        try {
            return linesBefore() + lineInSplit;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long linesBefore() throws IOException {
        if (linesBefore < 0) {
            long lines = 0;
            try (InputStream in = HadoopFiles.openRange(file, 0, start, conf)) {
                byte[] buffer = new byte[1 << 16];
                for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                    for (int i = 0; i < n; i++) {
                        lines += buffer[i] == '\n' ? 1 : 0;
                    }
                }
            }
            linesBefore = lines;
        }
        return linesBefore;
    }

    /**
     * The first line start at or after {@code offset} (at least 1): the offset just past the first newline at or
     * after {@code offset - 1}, or the file's end. A byte-order mark holds no newline, so this is never inside one.
     */
    private static long lineStart(String file, Configuration conf, long offset) throws IOException {
        long at = offset - 1;
        try (InputStream in = HadoopFiles.openFrom(file, at, conf)) {
            for (int b = in.read(); b != -1; b = in.read()) {
                at++;
                if (b == '\n') {
                    return at;
                }
            }
        }
        return at;
    }

    /** Where the content's first line starts: after a UTF-8 byte-order mark, if there is one. */
    private static long top(String file, Configuration conf) throws IOException {
        try (InputStream in = HadoopFiles.openHead(file, conf)) {
            return Arrays.equals(in.readNBytes(BOM.length), BOM) ? BOM.length : 0;
        }
    }
}
