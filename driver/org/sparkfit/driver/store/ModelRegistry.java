package org.sparkfit.driver.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A model registry as scheduled retraining keeps it: {@code versions/0001/}, {@code versions/0002/}, ... each a
 * complete run directory, and {@code CURRENT}, a one-line file naming the version in use. This class reads one.
 */
public final class ModelRegistry {
    public static final String VERSIONS = "versions";
    public static final String CURRENT = "CURRENT";

    private final Path root;
    private final FileSystem fs;

    private ModelRegistry(Path root, FileSystem fs) {
        this.root = root;
        this.fs = fs;
    }

    /** The registry at {@code location}, or empty when it holds no {@code versions/} directory. */
    public static Optional<ModelRegistry> at(String location, Configuration conf) throws IOException {
        Path root = new Path(location);
        FileSystem fs = root.getFileSystem(conf);
        return fs.isDirectory(new Path(root, VERSIONS)) ? Optional.of(new ModelRegistry(root, fs)) : Optional.empty();
    }

    /** The version names, oldest first. */
    public List<String> versions() throws IOException {
        FileStatus[] entries = fs.listStatus(new Path(root, VERSIONS));
        return Arrays.stream(entries).filter(FileStatus::isDirectory).map(s -> s.getPath().getName())
                .filter(name -> !name.startsWith(".")).sorted().toList();
    }

    /** The location of a version's run directory. */
    public String versionLocation(String version) {
        return new Path(new Path(root, VERSIONS), version).toString();
    }

    /** The version {@code CURRENT} names, if the file exists. */
    public Optional<String> current() throws IOException {
        Path pointer = new Path(root, CURRENT);
        if (!fs.exists(pointer)) {
            return Optional.empty();
        }
        try (InputStream in = fs.open(pointer)) {
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim());
        }
    }
}
