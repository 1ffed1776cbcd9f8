package org.sparkfit.driver.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.sparkfit.driver.UserInputException;

/**
 * A model registry as scheduled retraining keeps it: {@code versions/0001/}, {@code versions/0002/}, ... each a
 * complete run directory, {@code CURRENT}, a one-line file naming the version in use (replaced by a rename, so it
 * always names a complete version), and {@code registry.log}, one line per retrain's decision.
 */
public final class ModelRegistry {
    public static final String VERSIONS = "versions";
    public static final String CURRENT = "CURRENT";
    public static final String LOG = "registry.log";
    /** The registry's own one-file records (CURRENT, registry.log), which it rewrites. */
    private static final StagedOutput.Kind OWN_FILE = StagedOutput.fileStartingWith("a registry file", new byte[0]);

    private final Path root;
    private final FileSystem fs;

    private ModelRegistry(Path root, FileSystem fs) {
        this.root = root;
        this.fs = fs;
    }

    /**
     * The registry at {@code location}, created (empty) when nothing is there yet.
     *
     * @throws UserInputException when {@code location} holds something else: a file, or a directory of other files
     */
    public static ModelRegistry open(String location, Configuration conf) throws IOException {
        Path root = new Path(location);
        FileSystem fs = root.getFileSystem(conf);
        root = fs.makeQualified(root);
        if (fs.exists(root) && !fs.isDirectory(new Path(root, VERSIONS))
                && (fs.isFile(root) || fs.listStatus(root).length > 0)) {
            throw new UserInputException("--registry " + location + ": exists and is not a sparkfit model registry "
                    + "(no versions/ in it); give a new path or an existing registry");
        }
        fs.mkdirs(new Path(root, VERSIONS));
        return new ModelRegistry(root, fs);
    }

    public Path root() {
        return root;
    }

    FileSystem fileSystem() {
        return fs;
    }

    /** The name the next version gets: one more than the newest, four digits. */
    public String nextVersion() throws IOException {
        List<String> versions = versions();
        int newest = versions.isEmpty() ? 0 : Integer.parseInt(versions.get(versions.size() - 1));
        return String.format("%04d", newest + 1);
    }

    /** Points {@code CURRENT} at {@code version}, replacing the file by a rename. */
    public void promote(String version) throws IOException {
        StagedOutput.writeFile(new Path(root, CURRENT).toString(), (version + "\n").getBytes(StandardCharsets.UTF_8),
                true, OWN_FILE, fs.getConf());
    }

    /** Adds {@code line} to {@code registry.log} (rewritten through a staged file: not every file system appends). */
    public void log(String line) throws IOException {
        Path log = new Path(root, LOG);
        String before = fs.exists(log) ? StoredText.read(fs, log) : "";
        StagedOutput.writeFile(log.toString(), (before + line + "\n").getBytes(StandardCharsets.UTF_8), true,
                OWN_FILE, fs.getConf());
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
        return Optional.of(StoredText.read(fs, pointer).trim());
    }
}
