package org.sparkfit.datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's {@code file://} file system, with one change: a file's or directory's permissions are set through
 * {@code java.nio} instead of a forked {@code chmod} process. Hadoop forks one for every file and directory it
 * creates on the local disk unless its native library is loaded, which a jar from Maven Central never has; that
 * cost 40-70 ms of the driver's CPU per checkpoint. sparkfit's Spark contexts use it for {@code file://}
 * ({@link #CONFIG_KEY}).
 */
public final class PosixLocalFileSystem extends LocalFileSystem {
    /** The Hadoop setting that names this class as the {@code file://} implementation. */
    public static final String CONFIG_KEY = "fs.file.impl";

    public PosixLocalFileSystem() {
        super(new Raw());
    }

    /** The raw local file system, setting permissions in-process where the platform has POSIX permissions. */
    static final class Raw extends RawLocalFileSystem {
        @Override
        public void setPermission(Path path, FsPermission permission) throws IOException {
            String mode = permission.toString();
            if (permission.getStickyBit() || mode.length() != 9) {
                super.setPermission(path, permission);
                return;
            }
            try {
                Files.setPosixFilePermissions(pathToFile(path).toPath(), PosixFilePermissions.fromString(mode));
            } catch (UnsupportedOperationException notPosix) {
                super.setPermission(path, permission);
            }
        }
    }
}
