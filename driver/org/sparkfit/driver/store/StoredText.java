package org.sparkfit.driver.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Reads a small UTF-8 file (a job file, a pointer, a log, a checkpoint's JSON) whole, from any Hadoop file system. */
public final class StoredText {
    private StoredText() {
    }

    public static String read(FileSystem fs, Path file) throws IOException {
        try (InputStream in = fs.open(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
