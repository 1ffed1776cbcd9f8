package org.sparkfit.driver.jobs;

import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.sparkfit.driver.UserInputException;
import org.sparkfit.driver.config.JobConfig;
import org.sparkfit.driver.config.JobConfigLoader;
import org.sparkfit.driver.store.RunDirectory;
import org.sparkfit.driver.train.PreparedJob;
import org.sparkfit.worker.FlatState;

/** A finished run read back: its resolved job, re-planned, and the trained model's flat state. */
public record SavedRun(PreparedJob job, float[] state) {

    public static SavedRun load(String location, Configuration conf) throws IOException {
        RunDirectory dir = new RunDirectory(location, conf);
        JobConfig config = JobConfigLoader.parse(dir.readConfig(), dir.configLocation(), List.of());
        PreparedJob job = PreparedJob.plan(config);
        MultiLayerNetwork net = dir.readModel();
        if (net.numParams() != job.plan().totalParams()) {
            throw new UserInputException(location + ": " + RunDirectory.MODEL + " has " + net.numParams()
                    + " parameters but " + RunDirectory.CONFIG + " describes " + job.plan().totalParams()
                    + "; the run directory was changed after training");
        }
        return new SavedRun(job, FlatState.of(net));
    }
}
