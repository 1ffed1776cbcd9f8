package org.sparkfit.driver.cli;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
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
        String text;
        try {
            text = StoredText.read(path.getFileSystem(new Configuration()), path);
        } catch (FileNotFoundException e) {
            throw new UserInputException(location + ": no such job file; see conf/ for examples");
        }
        return JobConfigLoader.parse(text, location, overrides);
    }
}
