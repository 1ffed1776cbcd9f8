package org.sparkfit.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the line-per-example formats (CSV, LIBSVM) tell the driver before reading: the most records a file's size
 * allows, whether every part must read a file whole (gzip), and the path they read.
 */
class LineSourceTest {
    private final Configuration conf = new Configuration();

    @TempDir
    Path dir;

    @Test
    void csvAndLibsvmBoundTheirRecordsByTheFilesSizes() throws Exception {
        assertBoundsRecords("data.csv", "1,0.5\n0,0.25\n1,0.75\n", file -> new CsvSource(file, "0", false, ','));
        assertBoundsRecords("data.svm", "1 1:0.5\n0 1:0.25\n1 1:0.75\n", file -> new LibsvmSource(file, 1, true));
    }

    @Test
    void aGzipFileIsReadWholeByEveryPartAndSaysHowToAvoidIt() throws Exception {
        assertGzipReadWhole("data.csv", "1,0.5\n0,0.25\n", file -> new CsvSource(file, "0", false, ','));
        assertGzipReadWhole("data.svm", "1 1:0.5\n0 1:0.25\n", file -> new LibsvmSource(file, 1, true));
    }

    private void assertBoundsRecords(String name, String rows, Function<String, LineSource> source) throws Exception {
        Path plain = Files.writeString(dir.resolve(name), rows);
        LineSource lines = source.apply(plain.toString());
        assertEquals(plain.toString(), lines.describe());
        long most = lines.maxRecords(conf);
        assertTrue(most >= 3 && most <= rows.length(), name + ": " + most);
        assertEquals(3, lines.read(conf, 0, 1, 2).rows());
        Path parts = Files.createDirectory(dir.resolve(name + ".parts"));
        Files.writeString(parts.resolve("part-0"), rows);
        Files.writeString(parts.resolve("part-1"), rows);
        assertEquals(2 * most, source.apply(parts.toString()).maxRecords(conf));
    }

    private void assertGzipReadWhole(String name, String rows, Function<String, LineSource> source) throws Exception {
        Path plain = Files.writeString(dir.resolve(name), rows);
        assertNull(source.apply(plain.toString()).readWholeByEveryPart(conf));
        Path gzip = dir.resolve(name + ".gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzip))) {
            out.write(rows.getBytes(StandardCharsets.US_ASCII));
        }
        LineSource compressed = source.apply(gzip.toString());
        assertEquals("is gzip-compressed and cannot be read in parts; store it uncompressed for each worker to read "
                + "only its own", compressed.readWholeByEveryPart(conf));
        assertTrue(compressed.maxRecords(conf) >= 1000 * Files.size(gzip) / 2, "gzip inflates up to 1032-fold");
        assertEquals(2, compressed.read(conf, 1, 2, 2).rows() + compressed.read(conf, 0, 2, 2).rows());
    }
}
