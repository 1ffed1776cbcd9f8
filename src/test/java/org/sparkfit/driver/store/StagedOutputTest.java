package org.sparkfit.driver.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Staged outputs are written without checksum files, and leave Hadoop's shared file system as they found it. */
class StagedOutputTest {
    @TempDir
    Path dir;

    @Test
    void outputsHaveNoChecksumFilesAndTheSharedFileSystemKeepsWritingThem() throws Exception {
        Configuration conf = new Configuration();
        byte[] content = "row,prediction\n0,1\n".getBytes(StandardCharsets.UTF_8);
        StagedOutput.writeFile(dir.resolve("predictions.csv").toUri().toString(), content, false,
                StagedOutput.fileStartingWith("predictions", "row,".getBytes(StandardCharsets.UTF_8)), conf);
        assertArrayEquals(content, Files.readAllBytes(dir.resolve("predictions.csv")));
        assertFalse(Files.exists(dir.resolve(".predictions.csv.crc")));

        FileSystem shared = FileSystem.get(dir.toUri(), conf);
        shared.create(new org.apache.hadoop.fs.Path(dir.resolve("other.bin").toUri())).close();
        assertTrue(Files.exists(dir.resolve(".other.bin.crc")), "Hadoop's cached file system still writes checksums");
    }
}
