package org.sparkfit.driver.cli;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.sparkfit.driver.UserInputException;
import org.sparkfit.driver.store.StoredText;
import org.sparkfit.driver.config.JobConfig;
import org.sparkfit.driver.config.JobConfigLoader;

/** Reads a job file from a local path or any Hadoop URI and parses it with the command line's overrides. */
final class JobFiles {
    private JobFiles() {
    }

    static JobConfig load(String location, List<String> overrides) throws IOException {
        Path path = new Path(location);
        FileSystem fs = path.getFileSystem(new Configuration());
        String text;
        try {
            if (fs.getFileStatus(path).isDirectory()) {
                throw new UserInputException(location + ": is a directory; give a job file in it, e.g. "
                        + "conf/fashion-mnist-mlp.yaml");
            }
            text = StoredText.read(fs, path);
        } catch (FileNotFoundException e) {
            throw new UserInputException(location + ": no such job file; see conf/ for examples");
        }
        return JobConfigLoader.parse(text, location, overrides);
    }
}
