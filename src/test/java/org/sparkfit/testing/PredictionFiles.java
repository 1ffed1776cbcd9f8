package org.sparkfit.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** The CSV predictions {@code sparkfit predict} wrote, read back as one file: the header, then every row in order. */
public final class PredictionFiles {
    private PredictionFiles() {
    }

    /** The lines of the output directory {@code output}'s part files in name order, the header once. */
    public static List<String> lines(String output, Configuration conf) throws IOException {
        Path dir = new Path(output);
        FileSystem fs = dir.getFileSystem(conf);
        FileStatus[] parts = fs.listStatus(dir, path -> path.getName().startsWith("part-"));
        Arrays.sort(parts, Comparator.comparing(part -> part.getPath().getName()));
        List<String> lines = new ArrayList<>();
        for (FileStatus part : parts) {
            try (InputStream in = fs.open(part.getPath())) {
                List<String> file = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
                lines.addAll(lines.isEmpty() ? file : file.subList(Math.min(1, file.size()), file.size()));
            }
        }
        return lines;
    }

    /** As {@link #lines(String, Configuration)}, on the local file system. */
    public static List<String> lines(java.nio.file.Path output) throws IOException {
        return lines(output.toString(), new Configuration());
    }
}
