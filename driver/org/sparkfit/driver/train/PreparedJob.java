package org.sparkfit.driver.train;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.sparkfit.datasets.CsvSource;
import org.sparkfit.datasets.DataFormatException;
import org.sparkfit.datasets.DataShape;
import org.sparkfit.datasets.DataSource;
import org.sparkfit.datasets.IdxSource;
import org.sparkfit.driver.UserInputException;
import org.sparkfit.driver.config.JobConfig;
import org.sparkfit.driver.config.SourceConfig;
import org.sparkfit.driver.model.NetworkPlan;
import org.sparkfit.driver.model.NetworkPlanner;
import org.sparkfit.worker.TrainingSpec;

/**
 * A job checked end to end before any Spark job runs: the network planned against its input shape and loss, the
 * DL4J configuration built, and the data sources' headers read and matched against the model's input.
 */
public record PreparedJob(JobConfig config, NetworkPlan plan, MultiLayerConfiguration network, TrainingSpec spec,
                          DataSource train, DataSource test) {

    /** Plans the network from {@code config}; data is not touched. */
    public static PreparedJob plan(JobConfig config) {
        NetworkPlan plan = NetworkPlanner.plan(config);
        MultiLayerConfiguration network = plan.toConfiguration(config);
        TrainingSpec spec = new TrainingSpec(network.toJson(), plan.task(), config.fit().batchSize(),
                config.spark().averagingFrequency(), config.fit().seed(), config.fit().shuffle());
        return new PreparedJob(config, plan, network, spec, source(config.data().train()),
                source(config.data().test()));
    }

    /** Reads the headers of the training and held-out data and checks them against the model's input. */
    public void inspectData(Configuration conf) {
        inspect("data.train", train, conf);
        inspect("data.test", test, conf);
    }

    private void inspect(String key, DataSource source, Configuration conf) {
        DataShape shape = inspectShape(key, source, conf);
        if (shape.featureWidth() != plan.inputWidth()) {
            throw new UserInputException(key + ": " + source.describe() + " has " + shape.featureWidth()
                    + " features per example (shape " + java.util.Arrays.toString(shape.featureShape())
                    + ") but model.input " + config.model().input() + " takes " + plan.inputWidth()
                    + "; fix model.input or the data");
        }
        if (shape.records() >= 0 && shape.records() < config.spark().workers()) {
            throw new UserInputException(key + ": " + source.describe() + " holds " + shape.records()
                    + " examples, fewer than spark.workers=" + config.spark().workers()
                    + "; lower spark.workers or add data");
        }
    }

    /** Reads a source's header, prefixing any problem with the job-file key. */
    public static DataShape inspectShape(String key, DataSource source, Configuration conf) {
        try {
            return source.inspect(conf);
        } catch (DataFormatException e) {
            throw new UserInputException(key + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UserInputException(key + ": cannot read " + source.describe() + ": " + e.getMessage(), e);
        }
    }

    /** The data source a job-file entry describes. */
    public static DataSource source(SourceConfig source) {
        return switch (source.format()) {
            case "idx" -> new IdxSource(source.images(), source.labels());
            case "csv" -> new CsvSource(source.path(), source.label(), source.header(),
                    source.delimiter().charAt(0));
            default -> throw new IllegalStateException("unchecked format " + source.format());
        };
    }
}
