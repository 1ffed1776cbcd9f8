package org.sparkfit.driver.store;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.Consumer;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.sparkfit.driver.ExplainedFailure;

/**
 * The {@code LOCK} file that keeps two retrains off one registry: created only if absent (an atomic create on HDFS
 * and local disks), holding who took it and when, deleted on close. A lock older than the stale age (its holder
 * died) is taken over, with a warning.
 */
public final class RegistryLock implements AutoCloseable {
    public static final String FILE = "LOCK";

    private final FileSystem fs;
    private final Path file;

    private RegistryLock(FileSystem fs, Path file) {
        this.fs = fs;
        this.file = file;
    }

    /** Takes the lock of {@code registry}, or fails naming its holder. */
    public static RegistryLock acquire(ModelRegistry registry, int staleMinutes, Consumer<String> warn)
            throws IOException {
        Path file = new Path(registry.root(), FILE);
        FileSystem fs = registry.fileSystem();
        if (fs.exists(file)) {
            long ageMillis = System.currentTimeMillis() - fs.getFileStatus(file).getModificationTime();
            String holder = StoredText.read(fs, file).trim();
            if (ageMillis < staleMinutes * 60_000L) {
                throw new RegistryLockedException(file + " is held by " + holder + " (" + ageMillis / 60_000
                        + " min ago); another retrain is running on this registry. Try again later, or delete the "
                        + "file if that retrain is dead (it is taken over after retrain.stale_lock_minutes="
                        + staleMinutes + ")");
            }
            warn.accept("taking over a stale lock " + file + " held by " + holder + " (" + ageMillis / 60_000
                    + " min old, over retrain.stale_lock_minutes=" + staleMinutes + ")");
            fs.delete(file, false);
        }
        try (OutputStream out = fs.create(file, false)) {
            out.write((ManagementFactory.getRuntimeMXBean().getName() + " at " + Instant.now())
                    .getBytes(StandardCharsets.UTF_8));
        } catch (FileAlreadyExistsException e) {
            throw new RegistryLockedException(file + " was taken by another retrain just now; try again later");
        }
        return new RegistryLock(fs, file);
    }

    @Override
    public void close() throws IOException {
        fs.delete(file, false);
    }

    /** Another retrain holds the registry: not the user's input, so exit code 1. */
    public static final class RegistryLockedException extends ExplainedFailure {
        private static final long serialVersionUID = 1L;

        RegistryLockedException(String message) {
            super(message);
        }
    }
}
