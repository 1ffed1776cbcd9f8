package org.sparkfit.driver.train;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparkfit.datasets.DataFormatException;
import org.sparkfit.datasets.DataShape;
import org.sparkfit.datasets.DataSource;
import org.sparkfit.datasets.SplitSource;
import org.sparkfit.datasets.TextSource;
import org.sparkfit.driver.UserInputException;
import org.sparkfit.driver.config.JobConfig;
import org.sparkfit.driver.model.KerasWeights;
import org.sparkfit.driver.model.NetworkPlan;
import org.sparkfit.driver.model.NetworkPlanner;
import org.sparkfit.worker.TrainingSpec;
import org.sparkfit.worker.exchange.ExchangeMode;

/**
 * A job checked end to end before any Spark job runs: the network planned against its input shape and loss, the
 * DL4J configuration built, and the data sources' headers read and matched against the model's input.
 */
public record PreparedJob(JobConfig config, NetworkPlan plan, MultiLayerConfiguration network, TrainingSpec spec,
                          DataSource train, DataSource test) {
    private static final Logger LOG = LoggerFactory.getLogger(PreparedJob.class);

    /** Plans the network from {@code config}; data is not touched. */
    public static PreparedJob plan(JobConfig config) {
        NetworkPlan plan = NetworkPlanner.plan(config);
        MultiLayerConfiguration network = plan.toConfiguration(config);
        ExchangeMode exchange = config.spark().exchangeMode();
        TrainingSpec spec = new TrainingSpec(network.toJson(), plan.task(),
                exchange.workerBatch(config.fit().batchSize(), config.spark().workers()),
                config.spark().averagingFrequency(), exchange, config.fit().seed(), config.fit().shuffle(),
                config.compile().metrics().contains("top_k_accuracy"));
        DataSource train = config.data().train().source("train", plan.inputWidth());
        Double split = config.data().validationSplit();
        if (split == null) {
            return new PreparedJob(config, plan, network, spec, train, config.data().test().source("test",
                    plan.inputWidth()));
        }
        long seed = config.fit().seed();
        return new PreparedJob(config, plan, network, spec, new SplitSource(train, split, seed, false),
                new SplitSource(train, split, seed, true));
    }

    /** A new network for this job, with the seeded initialisation: for a state that comes from elsewhere. */
    public MultiLayerNetwork newNetwork() {
        MultiLayerNetwork net = new MultiLayerNetwork(network);
        net.init();
        return net;
    }

    /**
     * A new network for this job in its starting state: the weights of its Keras model file when the job asks for
     * them ({@code model.weights}), else the seeded initialisation.
     */
    public MultiLayerNetwork initialNetwork() {
        MultiLayerNetwork net = newNetwork();
        if (config.model().weights()) {
            KerasWeights.load(config.model().keras(), plan, net);
        }
        return net;
    }

    /** This job, planned as it is, writing to {@code output} instead (a registry's next version). */
    public PreparedJob withOutput(String output) {
        return new PreparedJob(config.withOutput(output), plan, network, spec, train, test);
    }

    /** This job, planned as it is, reading {@code train} and {@code test} instead (a DataFrame's rows). */
    public PreparedJob withData(DataSource train, DataSource test) {
        return new PreparedJob(config, plan, network, spec, train, test);
    }

    /** The text source the training data is read from (the whole file under a validation_split), or null. */
    public TextSource trainingText() {
        DataSource whole = train instanceof SplitSource side ? side.inner() : train;
        return whole instanceof TextSource text ? text : null;
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
        long most = shape.records() >= 0 ? shape.records() : readHeader(key, source, () -> source.maxRecords(conf));
        if (most < config.spark().workers()) {
            throw new UserInputException(key + ": " + source.describe() + " is too small to hold more than " + most
                    + " examples, fewer than spark.workers=" + config.spark().workers()
                    + "; lower spark.workers or add data");
        }
        String whole = config.spark().workers() > 1 ? readHeader(key, source,
                () -> source.readWholeByEveryPart(conf)) : null;
        if (whole != null) {
            LOG.warn("{}: each of the {} workers reads all of {} to keep its share: it {}", key,
                    config.spark().workers(), source.describe(), whole);
        }
    }

    /** Reads a source's header, prefixing any problem with the job-file key. */
    public static DataShape inspectShape(String key, DataSource source, Configuration conf) {
        return readHeader(key, source, () -> source.inspect(conf));
    }

    private interface HeaderRead<T> {
        T read() throws IOException;
    }

    private static <T> T readHeader(String key, DataSource source, HeaderRead<T> read) {
        try {
            return read.read();
        } catch (DataFormatException e) {
            throw new UserInputException(key + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UserInputException(key + ": cannot read " + source.describe() + ": " + (e.getMessage() != null
                    ? e.getMessage() : "the file system gave no reason"), e);
        }
    }
}
