package org.sparkfit.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file:// file system sparkfit configures gives files and directories the permissions Hadoop's own would. */
class PosixLocalFileSystemTest {
    @TempDir
    java.nio.file.Path dir;

    private FileSystem fileSystem(String umask) throws Exception {
        Configuration conf = new Configuration(false);
        conf.set(PosixLocalFileSystem.CONFIG_KEY, PosixLocalFileSystem.class.getName());
        conf.setBoolean("fs.file.impl.disable.cache", true);
        conf.set("fs.permissions.umask-mode", umask);
        return FileSystem.get(dir.toUri(), conf);
    }

    private String permissions(String relative) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(relative)));
    }

    @Test
    void createdFilesAndDirectoriesGetTheDefaultModesLessTheUmask() throws Exception {
        try (FileSystem fs = fileSystem("022")) {
            assertInstanceOf(PosixLocalFileSystem.class, fs);
            fs.mkdirs(new Path(dir.toUri().toString(), "a/b"));
            try (OutputStream out = fs.create(new Path(dir.toUri().toString(), "a/b/state.bin"))) {
                out.write(new byte[] {1, 2, 3});
            }
            assertEquals("rwxr-xr-x", permissions("a/b"));
            assertEquals("rw-r--r--", permissions("a/b/state.bin"));
            assertEquals(3, Files.size(dir.resolve("a/b/state.bin")));
        }
        try (FileSystem fs = fileSystem("077")) {
            fs.create(new Path(dir.toUri().toString(), "private.json")).close();
            assertEquals("rw-------", permissions("private.json"));
        }
    }

    @Test
    void anExplicitModeIsSetAsGivenAndAStickyBitFallsBackToHadoopsChmod() throws Exception {
        try (FileSystem fs = fileSystem("022")) {
            Path file = new Path(dir.toUri().toString(), "model.zip");
            fs.create(file).close();
            fs.setPermission(file, new FsPermission((short) 0640));
            assertEquals("rw-r-----", permissions("model.zip"));
            Path shared = new Path(dir.toUri().toString(), "shared");
            fs.mkdirs(shared);
            fs.setPermission(shared, new FsPermission((short) 01777));
            assertEquals("rwxrwxrwx", permissions("shared"));
            assertEquals(new FsPermission((short) 01777), fs.getFileStatus(shared).getPermission());
        }
    }
}
