package org.sparkfit.driver.train;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparkfit.datasets.CsvSource;
import org.sparkfit.datasets.DataFormatException;
import org.sparkfit.datasets.DataShape;
import org.sparkfit.datasets.DataSource;
import org.sparkfit.datasets.IdxSource;
import org.sparkfit.datasets.LibsvmSource;
import org.sparkfit.datasets.NpzSource;
import org.sparkfit.datasets.ParquetSource;
import org.sparkfit.datasets.SplitSource;
import org.sparkfit.datasets.TextSource;
import org.sparkfit.datasets.Vocabulary;
import org.sparkfit.driver.UserInputException;
import org.sparkfit.driver.config.JobConfig;
import org.sparkfit.driver.config.SourceConfig;
import org.sparkfit.driver.config.VectorizationConfig;
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
        DataSource train = source(config.data().train(), "train", plan.inputWidth());
        Double split = config.data().validationSplit();
        if (split == null) {
            return new PreparedJob(config, plan, network, spec, train, source(config.data().test(), "test",
                    plan.inputWidth()));
        }
        long seed = config.fit().seed();
        return new PreparedJob(config, plan, network, spec, new SplitSource(train, split, seed, false),
                new SplitSource(train, split, seed, true));
    }

    /** This job, planned as it is, writing to {@code output} instead (a registry's next version). */
    public PreparedJob withOutput(String output) {
        return new PreparedJob(config.withOutput(output), plan, network, spec, train, test);
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
        if (config.spark().workers() > 1 && readHeader(key, source, () -> source.readWholeByEveryPart(conf))) {
            LOG.warn("{}: {} is gzip-compressed and cannot be read in parts: each of the {} workers reads all of it to "
                    + "keep its share; store it uncompressed for each to read only its own", key, source.describe(),
                    config.spark().workers());
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

    /**
     * A text source read like the job-file entry {@code like}, from {@code path}, with the label column
     * {@code label} (null: unlabeled); its vocabulary comes with the job's {@code Preprocessing}.
     */
    public static TextSource text(SourceConfig like, String path, String label) {
        VectorizationConfig v = like.vectorization();
        Vocabulary.Mode mode = v.vocabularyMode();
        return new TextSource(path, like.text(), label, like.header(), like.delimiter().charAt(0), mode,
                mode == Vocabulary.Mode.MULTI_HOT ? v.maxTokens() : v.sequenceLength(), null);
    }

    /**
     * The data source a job-file entry describes.
     *
     * @param role  {@code train} or {@code test}: which of Keras' arrays an npz source reads by default
     * @param width the model's input width, the feature count of a libsvm source
     */
    public static DataSource source(SourceConfig source, String role, int width) {
        return switch (source.format()) {
            case "idx" -> new IdxSource(source.images(), source.labels());
            case "csv" -> new CsvSource(source.path(), source.label(), source.header(),
                    source.delimiter().charAt(0));
            case "text" -> text(source, source.path(), source.label());
            case "npz" -> new NpzSource(source.path(), source.x() != null ? source.x() : "x_" + role,
                    source.y() != null ? source.y() : "y_" + role);
            case "libsvm" -> new LibsvmSource(source.path(), width, true);
            case "parquet" -> new ParquetSource(source.path(), source.features(), source.label(), true);
            default -> throw new IllegalStateException("unchecked format " + source.format());
        };
    }
}
