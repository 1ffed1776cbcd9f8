package org.sparkfit.driver.ml;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.rand;

import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReadable;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparkfit.driver.UserInputException;
import org.sparkfit.driver.config.JobBuilder;
import org.sparkfit.driver.config.JobConfig;
import org.sparkfit.driver.config.JobConfigLoader;
import org.sparkfit.driver.jobs.RunWriter;
import org.sparkfit.driver.model.ModelSummary;
import org.sparkfit.driver.train.TrainingStage;
import org.sparkfit.driver.train.Checkpoint;
import org.sparkfit.driver.train.DistributedTrainer;
import org.sparkfit.driver.train.EpochRecord;
import org.sparkfit.driver.train.FrameData;
import org.sparkfit.driver.train.PreparedJob;
import org.sparkfit.driver.train.TrainingData;
import org.sparkfit.driver.train.TrainingListener;
import org.sparkfit.driver.train.TrainingOutcome;
import org.sparkfit.worker.FlatState;
import org.sparkfit.worker.FrameColumns;

/**
 * sparkfit as a Spark ML Estimator: {@link #fit} trains the job ({@link #job()}: a job file's model, compile, fit
 * and spark sections) data-parallel on a Dataset's features and label columns, through the same workers, exchange
 * and preprocessing as {@code sparkfit train}, holding out a fraction of the rows, or those a boolean column marks,
 * to score after every epoch. The rows reach the workers partition by partition, never through the driver.
 */
public final class SparkfitEstimator extends Estimator<SparkfitModel>
        implements SparkfitColumns, DefaultParamsWritable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(SparkfitEstimator.class);
    private static final String HELD_OUT = "held_out";

    private final String uid;

    public SparkfitEstimator() {
        this(Identifiable.randomUID("sparkfit"));
    }

    public SparkfitEstimator(String uid) {
        this.uid = uid;
        setDefault(featuresCol(), FEATURES);
        setDefault(featuresCols(), new String[0]);
        setDefault(labelCol(), LABEL);
        setDefault(predictionCol(), PREDICTION);
        setDefault(probabilityCol(), PROBABILITY);
        setDefault(validationFraction(), 0.1);
        setDefault(validationIndicatorCol(), "");
    }

    /** Reads an Estimator saved with {@code write().save(path)}, as Spark ML's {@code load} does. */
    public static MLReader<SparkfitEstimator> read() {
        return new DefaultParamsReadable<SparkfitEstimator>() { }.read();
    }

    public static SparkfitEstimator load(String path) {
        return read().load(path);
    }

    @Override
    public String uid() {
        return uid;
    }

    public Param<String> job() {
        return new Param<>(this, "job", "the job as YAML: a job file's model, compile, fit and spark sections "
                + "(docs/CONFIG.md), and data.scale and data.standardize if wanted; the data is the Dataset");
    }

    public DoubleParam validationFraction() {
        return new DoubleParam(this, "validationFraction", "the fraction of the rows held out, drawn with the job's "
                + "fit.seed, to score after every epoch, when no validationIndicatorCol is set (default 0.1)",
                ParamValidators.inRange(0, 1, false, false));
    }

    public Param<String> validationIndicatorCol() {
        return new Param<>(this, "validationIndicatorCol", "a boolean column, true for the rows held out to score "
                + "after every epoch instead of a validationFraction; empty for none (default)");
    }

    public SparkfitEstimator setJob(String yaml) {
        return (SparkfitEstimator) set(job(), yaml);
    }

    /** The job written in code; its data is the Dataset, so it names none. */
    public SparkfitEstimator setJob(JobBuilder job) {
        return setJob(job.yaml());
    }

    public SparkfitEstimator setFeaturesCol(String column) {
        return (SparkfitEstimator) set(featuresCol(), column);
    }

    public SparkfitEstimator setFeaturesCols(String... columns) {
        return (SparkfitEstimator) set(featuresCols(), columns);
    }

    public SparkfitEstimator setLabelCol(String column) {
        return (SparkfitEstimator) set(labelCol(), column);
    }

    public SparkfitEstimator setPredictionCol(String column) {
        return (SparkfitEstimator) set(predictionCol(), column);
    }

    public SparkfitEstimator setProbabilityCol(String column) {
        return (SparkfitEstimator) set(probabilityCol(), column);
    }

    public SparkfitEstimator setValidationFraction(double fraction) {
        return (SparkfitEstimator) set(validationFraction(), fraction);
    }

    public SparkfitEstimator setValidationIndicatorCol(String column) {
        return (SparkfitEstimator) set(validationIndicatorCol(), column);
    }

    public String getJob() {
        if (!isDefined(job())) {
            throw new UserInputException("job: not set; give the job's YAML with setJob (docs/API.md)");
        }
        return getOrDefault(job());
    }

    public double getValidationFraction() {
        return (Double) getOrDefault(validationFraction());
    }

    public String getValidationIndicatorCol() {
        return getOrDefault(validationIndicatorCol());
    }

    /** The job this Estimator trains, its data being the Dataset's columns. */
    JobConfig config() {
        List<String> features = getFeaturesCols().length == 0 ? List.of(getFeaturesCol())
                : List.of(getFeaturesCols());
        return JobConfigLoader.parseForDataFrame(getJob(), "the Estimator's job", features, getLabelCol());
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return checkedSchema(schema, PreparedJob.plan(config()));
    }

    /** The fitted model's output schema, once the input's label and indicator columns are checked. */
    private StructType checkedSchema(StructType schema, PreparedJob job) {
        FrameSchema.checkLabel(schema, "labelCol", getLabelCol());
        if (!getValidationIndicatorCol().isEmpty()) {
            FrameSchema.checkIndicator(schema, "validationIndicatorCol", getValidationIndicatorCol());
        }
        return SparkfitModel.outputSchema(this, schema, job);
    }

    @Override
    public SparkfitModel fit(Dataset<?> dataset) {
        JobConfig config = config();
        PreparedJob planned = PreparedJob.plan(config);
        checkedSchema(dataset.schema(), planned);
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext());
        TrainingStage.checkConditions(sc, config.spark().workers());
        PreparedJob job;
        TrainingData data;
        // Both sides count their rows, then shuffle them into the workers' ranges: the input is computed once.
        Dataset<Row> marked = marked(dataset.toDF(), config.fit().seed()).persist(StorageLevel.MEMORY_AND_DISK_SER());
        try {
            job = planned.withData(inParts(marked, false, planned), inParts(marked, true, planned));
            data = TrainingData.read(sc, job, null);
        } finally {
            marked.unpersist(false);
        }
        SparkfitModel model;
        try (data) {
            MultiLayerNetwork net = job.initialNetwork();
            TrainingOutcome outcome = new DistributedTrainer(sc, job, new EpochLog(config.name())).fit(data.train(),
                    data.test(), Checkpoint.initial(FlatState.of(net)), checkpoint -> { });
            model = new SparkfitModel(uid, JobConfigLoader.toYaml(config), outcome.state(), data.preprocessing(),
                    ModelSummary.format(config.name(), planned.plan()),
                    RunWriter.metrics(config, sc.master(), outcome, Map.of()));
        }
        copyValues(model, ParamMap.empty());
        return (SparkfitModel) model.setParent(this);
    }

    /**
     * The features and label of every row, in the Dataset's order, and whether it is held out: marked by the
     * indicator column, or a seeded draw of the fraction (Dataset.randomSplit would sort each partition's rows by
     * their label first).
     */
    private Dataset<Row> marked(Dataset<Row> rows, long seed) {
        String indicator = getValidationIndicatorCol();
        Column heldOut = indicator.isEmpty() ? rand(seed).lt(getValidationFraction()) : col(indicator);
        return rows.select(featuresColumn().as(FEATURES), col(getLabelCol()).as(LABEL), heldOut.as(HELD_OUT));
    }

    /** The held-out rows of {@code marked}, or the training rows, in as many parts as the job has workers. */
    private FrameData inParts(Dataset<Row> marked, boolean heldOut, PreparedJob job) {
        Column side = heldOut ? col(HELD_OUT) : not(col(HELD_OUT));
        return FrameData.inParts(marked.filter(side).select(FEATURES, LABEL), job.config().spark().workers(),
                new FrameColumns(SparkfitModel.featuresName(this), getLabelCol(), job.plan().inputWidth()),
                heldOut ? "the validation rows" : "the training rows");
    }

    @Override
    public SparkfitEstimator copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    /** Logs each epoch's line, as {@code sparkfit train} prints it. */
    private record EpochLog(String name) implements TrainingListener {
        @Override
        public void epochFinished(EpochRecord record) {
            LOG.info("sparkfit {}: {}", name, record.line());
        }
    }
}
