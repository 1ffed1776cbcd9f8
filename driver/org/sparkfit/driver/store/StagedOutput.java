package org.sparkfit.driver.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.sparkfit.driver.UserInputException;

/**
 * An output (a run directory or a single file) written under a hidden temporary name beside its target and
 * renamed into place on {@link #commit()}; {@link #close()} without a commit deletes what was written. An
 * existing target is replaced only when overwriting was asked for, and only when it is an output of the same
 * {@link Kind}: --overwrite never deletes a user's own files. A committed directory holds {@link #MARKER}, written
 * last. On an object store (S3, GCS, Azure), whose rename copies a directory file by file and is not atomic, a
 * directory is written under its final name instead (an old one it replaces deleted first) and the marker alone
 * publishes it: readers take a directory there as complete only when it holds the marker ({@link #complete}). A
 * single file is still staged and renamed, one object copied whole.
 */
public final class StagedOutput implements AutoCloseable {
    /** The file a committed directory holds, written last (the name Hadoop's own committers use). */
    public static final String MARKER = "_SUCCESS";
    /** File systems whose rename copies object by object: S3, Google Cloud Storage, Azure, and the like. */
    private static final Set<String> OBJECT_STORES = Set.of("s3a", "s3", "s3n", "gs", "wasb",
            "wasbs", "abfs", "abfss", "oss", "cosn", "obs");

    private final FileSystem fs;
    private final Path target;
    private final Path temp;
    private final boolean overwrite;
    private final Kind kind;
    private final boolean directory;
    private boolean committed;

    /** What an existing target must be for an overwrite to replace it. */
    public interface Kind {
        /** Whether {@code path}, which exists, is an output of this kind. */
        boolean holds(FileSystem fs, Path path) throws IOException;

        /** The kind in messages, e.g. "a sparkfit run directory (one holding model.zip and config.yaml)". */
        String describe();
    }

    /** Directories that hold every one of {@code files}. */
    public static Kind directoryHolding(String what, String... files) {
        return new Kind() {
            @Override
            public boolean holds(FileSystem fs, Path path) throws IOException {
                for (String file : files) {
                    if (!fs.isFile(new Path(path, file))) {
                        return false;
                    }
                }
                return fs.getFileStatus(path).isDirectory();
            }

            @Override
            public String describe() {
                return what + " (one holding " + String.join(" and ", files) + ")";
            }
        };
    }

    /** Files whose content starts with {@code prefix}. */
    public static Kind fileStartingWith(String what, byte[] prefix) {
        return new Kind() {
            @Override
            public boolean holds(FileSystem fs, Path path) throws IOException {
                if (!fs.getFileStatus(path).isFile()) {
                    return false;
                }
                try (InputStream in = fs.open(path)) {
                    return Arrays.equals(in.readNBytes(prefix.length), prefix);
                }
            }

            @Override
            public String describe() {
                return what;
            }
        };
    }

    private StagedOutput(FileSystem fs, Path target, boolean overwrite, Kind kind, boolean directory) {
        this.fs = fs;
        fs.setWriteChecksum(false);
        this.target = target;
        this.overwrite = overwrite;
        this.kind = kind;
        this.directory = directory;
        this.temp = inPlace() ? target : new Path(target.getParent(), "." + target.getName() + ".tmp-"
                + UUID.randomUUID());
    }

    /** Whether {@code fs} renames by copying object by object, so that a directory is published by its marker. */
    public static boolean renamesByCopy(FileSystem fs) {
        return OBJECT_STORES.contains(fs.getScheme());
    }

    /**
     * Whether the directory {@code dir}, which exists, is a complete output: on an object store, one that holds the
     * {@link #MARKER}; elsewhere any (it appeared by a rename, whole).
     */
    public static boolean complete(FileSystem fs, Path dir) throws IOException {
        return !renamesByCopy(fs) || fs.exists(new Path(dir, MARKER));
    }

    /** Whether this output is written under its final name (a directory on an object store). */
    private boolean inPlace() {
        return directory && renamesByCopy(fs);
    }

    /**
     * Checks, before any work, that {@code output} can be written: it does not exist (or overwriting was asked for
     * and it is of {@code kind}), and its nearest existing parent is a directory this process may write in.
     *
     * @throws UserInputException naming the output and the fix, with nothing written
     */
    public static void checkTarget(String output, boolean overwrite, Kind kind, Configuration conf)
            throws IOException {
        Path target = qualified(output, conf);
        FileSystem fs = target.getFileSystem(conf);
        if (fs.exists(target)) {
            if (!overwrite) {
                throw new UserInputException(output + " already exists; pass --overwrite to replace it, or choose "
                        + "another output");
            }
            requireKind(fs, target, output, kind);
        }
        requireWritableParent(fs, target, output);
    }

    private static void requireKind(FileSystem fs, Path target, String output, Kind kind) throws IOException {
        if (!kind.holds(fs, target)) {
            throw new UserInputException(output + " exists and is not " + kind.describe() + "; --overwrite replaces "
                    + "only sparkfit's own outputs: choose another output, or move it away yourself");
        }
    }

    /** The nearest existing ancestor of {@code target} must be a directory in which a file can be created. */
    private static void requireWritableParent(FileSystem fs, Path target, String output) throws IOException {
        Path parent = target.getParent();
        while (parent != null && !fs.exists(parent)) {
            parent = parent.getParent();
        }
        if (parent == null) {
            return;
        }
        if (!fs.getFileStatus(parent).isDirectory()) {
            throw new UserInputException(output + ": " + parent + " is a file, not a directory, so nothing can be "
                    + "written below it; choose another output");
        }
        Path probe = new Path(parent, "." + target.getName() + ".probe-" + UUID.randomUUID());
        try {
            fs.create(probe, false).close();
        } catch (IOException e) {
            throw new UserInputException(output + ": cannot write in " + parent + " (" + firstLine(e) + "); choose "
                    + "an output you may write to", e);
        } finally {
            fs.delete(probe, false);
        }
    }

    private static String firstLine(IOException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse(message);
    }

    public static StagedOutput directory(String output, boolean overwrite, Kind kind, Configuration conf)
            throws IOException {
        return begin(output, overwrite, kind, conf, true);
    }

    public static StagedOutput file(String output, boolean overwrite, Kind kind, Configuration conf)
            throws IOException {
        return begin(output, overwrite, kind, conf, false);
    }

    private static StagedOutput begin(String output, boolean overwrite, Kind kind, Configuration conf,
                                      boolean directory) throws IOException {
        checkTarget(output, overwrite, kind, conf);
        Path target = qualified(output, conf);
        // A file system of its own, so that writing without checksum files does not change Hadoop's JVM-wide cached
        // instance, which Spark and every other reader share; closed with this output.
        StagedOutput staged = new StagedOutput(FileSystem.newInstance(target.toUri(), conf), target, overwrite, kind,
                directory);
        try {
            if (staged.inPlace() && staged.fs.exists(target)) {
                // Unpublished first, so that no reader takes the old directory, half deleted, as complete.
                staged.fs.delete(new Path(target, MARKER), false);
                staged.fs.delete(target, true);
            }
            staged.fs.mkdirs(directory ? staged.temp : target.getParent());
        } catch (IOException e) {
            staged.close();
            throw e;
        }
        return staged;
    }

    private static Path qualified(String output, Configuration conf) throws IOException {
        Path path = new Path(output);
        return path.getFileSystem(conf).makeQualified(path);
    }

    /** A new file in the staged directory, or the staged file itself when {@code name} is null. */
    public OutputStream create(String name) throws IOException {
        return fs.create(name == null ? temp : new Path(temp, name), false);
    }

    /** Writes {@code content} to the file {@code output} through a staged file, replacing it only if asked to. */
    public static void writeFile(String output, byte[] content, boolean overwrite, Kind kind, Configuration conf)
            throws IOException {
        try (StagedOutput file = file(output, overwrite, kind, conf)) {
            try (OutputStream out = file.create(null)) {
                out.write(content);
            }
            file.commit();
        }
    }

    public void writeString(String name, String text) throws IOException {
        try (OutputStream out = create(name)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Publishes the output: a directory gets its {@link #MARKER}; one written in place is then complete, anything
     * else is renamed into place, replacing an existing target only when overwriting.
     */
    public void commit() throws IOException {
        if (directory) {
            // A writer such as Spark's may have written its own marker of the same name.
            fs.create(new Path(temp, MARKER), true).close();
        }
        if (inPlace()) {
            committed = true;
            return;
        }
        Path old = null;
        if (fs.exists(target)) {
            if (!overwrite) {
                throw new UserInputException(target + " appeared while this run was writing; it was left as it was");
            }
            requireKind(fs, target, target.toString(), kind);
            old = new Path(target.getParent(), "." + target.getName() + ".old-" + UUID.randomUUID());
            rename(target, old);
        }
        rename(temp, target);
        committed = true;
        if (old != null) {
            fs.delete(old, true);
        }
    }

    public Path target() {
        return target;
    }

    /**
     * Where the directory is written until {@link #commit}, for a writer that makes its own files there (Spark's
     * DataFrame writer, which may replace the directory itself).
     */
    public Path staging() {
        return temp;
    }

    private void rename(Path from, Path to) throws IOException {
        if (!fs.rename(from, to)) {
            throw new IOException("could not rename " + from + " to " + to);
        }
    }

    @Override
    public void close() throws IOException {
        try (fs) {
            if (!committed) {
                fs.delete(temp, directory);
            }
        }
    }
}
