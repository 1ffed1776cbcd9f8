package org.sparkfit.driver.store;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.sparkfit.driver.UserInputException;

/**
 * An output (a run directory or a single file) written under a hidden temporary name beside its target and
 * renamed into place on {@link #commit()}; {@link #close()} without a commit deletes what was written. An
 * existing target is replaced only when overwriting was asked for.
 */
public final class StagedOutput implements AutoCloseable {
    private final FileSystem fs;
    private final Path target;
    private final Path temp;
    private final boolean overwrite;
    private final boolean directory;
    private boolean committed;

    private StagedOutput(FileSystem fs, Path target, boolean overwrite, boolean directory) {
        this.fs = fs;
        fs.setWriteChecksum(false);
        this.target = target;
        this.overwrite = overwrite;
        this.directory = directory;
        this.temp = new Path(target.getParent(), "." + target.getName() + ".tmp-" + UUID.randomUUID());
    }

    /** Fails with a user error if {@code output} exists and {@code overwrite} is false. */
    public static void checkTarget(String output, boolean overwrite, Configuration conf) throws IOException {
        Path target = qualified(output, conf);
        if (!overwrite && target.getFileSystem(conf).exists(target)) {
            throw new UserInputException(output + " already exists; pass --overwrite to replace it, or choose "
                    + "another output");
        }
    }

    public static StagedOutput directory(String output, boolean overwrite, Configuration conf) throws IOException {
        return begin(output, overwrite, conf, true);
    }

    public static StagedOutput file(String output, boolean overwrite, Configuration conf) throws IOException {
        return begin(output, overwrite, conf, false);
    }

    private static StagedOutput begin(String output, boolean overwrite, Configuration conf, boolean directory)
            throws IOException {
        checkTarget(output, overwrite, conf);
        Path target = qualified(output, conf);
        StagedOutput staged = new StagedOutput(target.getFileSystem(conf), target, overwrite, directory);
        if (directory) {
            staged.fs.mkdirs(staged.temp);
        } else {
            staged.fs.mkdirs(target.getParent());
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
    public static void writeFile(String output, byte[] content, boolean overwrite, Configuration conf)
            throws IOException {
        try (StagedOutput file = file(output, overwrite, conf)) {
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

    /** Renames the staged output into place, replacing an existing target only when overwriting. */
    public void commit() throws IOException {
        Path old = null;
        if (fs.exists(target)) {
            if (!overwrite) {
                throw new UserInputException(target + " appeared while this run was writing; it was left as it was");
            }
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

    private void rename(Path from, Path to) throws IOException {
        if (!fs.rename(from, to)) {
            throw new IOException("could not rename " + from + " to " + to);
        }
    }

    @Override
    public void close() throws IOException {
        if (!committed) {
            fs.delete(temp, directory);
        }
    }
}
