package org.sparkfit.driver.jobs;

import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.sparkfit.datasets.Preprocessing;
import org.sparkfit.datasets.Standardization;
import org.sparkfit.datasets.TextSource;
import org.sparkfit.datasets.Vocabulary;
import org.sparkfit.driver.UserInputException;
import org.sparkfit.driver.config.JobConfig;
import org.sparkfit.driver.config.JobConfigLoader;
import org.sparkfit.driver.store.RunDirectory;
import org.sparkfit.driver.train.PreparedJob;
import org.sparkfit.worker.FlatState;

/**
 * A finished run read back: its resolved job, re-planned, the trained model's flat state, and the preprocessing its
 * data went through (vocabulary, scale, standardization), to be applied to new data alike.
 */
public record SavedRun(PreparedJob job, float[] state, Preprocessing preprocessing) {

    public static SavedRun load(String location, Configuration conf) throws IOException {
        return load(location, conf, List.of());
    }

    /** The run at {@code location} with its job's keys changed by {@code overrides} ({@code --set}'s form). */
    public static SavedRun load(String location, Configuration conf, List<String> overrides) throws IOException {
        RunDirectory dir = new RunDirectory(location, conf);
        JobConfig config = JobConfigLoader.parseSaved(dir.readConfig(), dir.configLocation(), overrides);
        PreparedJob job = PreparedJob.plan(config);
        MultiLayerNetwork net = dir.readModel();
        if (net.numParams() != job.plan().totalParams()) {
            throw new UserInputException(location + ": " + RunDirectory.MODEL + " has " + net.numParams()
                    + " parameters but " + RunDirectory.CONFIG + " describes " + job.plan().totalParams()
                    + "; the run directory was changed after training");
        }
        Standardization standardization = dir.readStandardization();
        if (config.data().standardize() && standardization == null) {
            throw new UserInputException(location + ": " + RunDirectory.CONFIG + " standardizes features but "
                    + RunDirectory.MODEL + " holds no fitted standardization; the run directory was changed after "
                    + "training");
        }
        TextSource text = job.trainingText();
        Vocabulary vocabulary = text == null ? null : dir.readVocabulary(text.mode(), text.width());
        return new SavedRun(job, FlatState.of(net), new Preprocessing(config.data().scale(), standardization,
                vocabulary));
    }
}
