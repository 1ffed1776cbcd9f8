package org.sparkfit.driver.ml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.sparkfit.datasets.Preprocessing;
import org.sparkfit.driver.config.JobConfig;
import org.sparkfit.driver.config.JobConfigLoader;
import org.sparkfit.driver.jobs.RunWriter;
import org.sparkfit.driver.jobs.SavedRun;
import org.sparkfit.driver.store.RunDirectory;
import org.sparkfit.driver.train.PreparedJob;
import org.sparkfit.worker.FlatState;
import org.sparkfit.worker.FrameColumns;
import org.sparkfit.worker.FrameScoring;
import org.sparkfit.worker.Task;

/**
 * A network trained by sparkfit, as a Spark ML Model: {@link #transform} appends each row's prediction (and, for a
 * classifier whose outputs are probabilities, each class's probability as a vector), computed on the executors
 * through the model's saved preprocessing. It saves as a run directory ({@code sparkfit evaluate} and
 * {@code predict} read it) with Spark ML's metadata beside it, so a Pipeline holding it saves and loads like any
 * other; {@link #load} also reads what {@code sparkfit train} wrote.
 */
public final class SparkfitModel extends Model<SparkfitModel> implements SparkfitColumns, MLWritable {
    private static final long serialVersionUID = 1L;
    /** Where Spark ML's metadata of the model goes in its run directory, as its DefaultParamsReader reads it. */
    static final String METADATA = "metadata/part-00000";
    /** The column a Dataset being scored holds its features in for the scoring task, not in the output. */
    private static final String SCORED_FEATURES = "sparkfit_features";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String uid;
    private final String job;
    private final float[] state;
    private final Preprocessing preprocessing;
    private final String summary;
    private final String metrics;

    /**
     * @param job     the resolved job, as YAML
     * @param state   the trained parameters and optimizer state ({@link FlatState})
     * @param summary the network's summary, as {@code sparkfit train} prints it
     * @param metrics the training's {@code metrics.json}: history, held-out scores and baseline
     */
    SparkfitModel(String uid, String job, float[] state, Preprocessing preprocessing, String summary,
                  String metrics) {
        this.uid = uid;
        this.job = job;
        this.state = state;
        this.preprocessing = preprocessing;
        this.summary = summary;
        this.metrics = metrics;
        setDefault(featuresCol(), FEATURES);
        setDefault(featuresCols(), new String[0]);
        setDefault(labelCol(), LABEL);
        setDefault(predictionCol(), PREDICTION);
        setDefault(probabilityCol(), PROBABILITY);
    }

    @Override
    public String uid() {
        return uid;
    }

    public SparkfitModel setFeaturesCol(String column) {
        return (SparkfitModel) set(featuresCol(), column);
    }

    public SparkfitModel setFeaturesCols(String... columns) {
        return (SparkfitModel) set(featuresCols(), columns);
    }

    public SparkfitModel setPredictionCol(String column) {
        return (SparkfitModel) set(predictionCol(), column);
    }

    public SparkfitModel setProbabilityCol(String column) {
        return (SparkfitModel) set(probabilityCol(), column);
    }

    /** The network's summary: its layers, output shapes and parameter counts. */
    public String summary() {
        return summary;
    }

    /** The training's record as {@code metrics.json} holds it: {@code history}, {@code test}, {@code baseline}. */
    public JsonNode metrics() {
        try {
            return JSON.readTree(metrics);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The held-out scores of the trained model, by metric name, e.g. {@code accuracy}, {@code loss}. */
    public Map<String, Double> heldOutScores() {
        Map<String, Double> scores = new LinkedHashMap<>();
        metrics().at("/test").fields().forEachRemaining(f -> scores.put(f.getKey(), f.getValue().asDouble()));
        return scores;
    }

    private JobConfig config() {
        return JobConfigLoader.parseSaved(job, "the model's job");
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return outputSchema(this, schema, PreparedJob.plan(config()));
    }

    /** {@code schema} checked for a model of {@code job} with {@code columns}, and the columns it appends. */
    static StructType outputSchema(SparkfitColumns columns, StructType schema, PreparedJob job) {
        FrameSchema.checkFeatures(schema, columns, job.plan().inputWidth(), job.config().model().input().toString());
        StructType out = FrameSchema.append(schema, "predictionCol", columns.getPredictionCol(), DataTypes.DoubleType);
        return withProbabilities(columns, job.spec().task())
                ? FrameSchema.append(out, "probabilityCol", columns.getProbabilityCol(), SQLDataTypes.VectorType())
                : out;
    }

    /** The features' name in messages: featuresCol, or the featuresCols. */
    static String featuresName(SparkfitColumns columns) {
        return columns.getFeaturesCols().length == 0 ? columns.getFeaturesCol()
                : String.join(", ", columns.getFeaturesCols());
    }

    private static boolean withProbabilities(SparkfitColumns columns, Task task) {
        return !columns.getProbabilityCol().isEmpty() && task.probabilities(new float[task.outputs()], 0) != null;
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType schema = transformSchema(dataset.schema());
        PreparedJob job = PreparedJob.plan(config());
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext());
        Broadcast<float[]> params = sc.broadcast(Arrays.copyOf(state, Math.toIntExact(job.plan().totalParams())));
        // The features as the last field, after the Dataset's own, which every scored row keeps.
        Dataset<Row> input = dataset.toDF().withColumn(SCORED_FEATURES, featuresColumn());
        FrameScoring scoring = new FrameScoring(job.spec().networkJson(), job.spec().task(), preprocessing,
                new FrameColumns(featuresName(this), null, job.plan().inputWidth()), dataset.schema().length(),
                withProbabilities(this, job.spec().task()), params);
        JavaRDD<Row> scored = input.javaRDD().mapPartitions(scoring);
        return dataset.sparkSession().createDataFrame(scored, schema);
    }

    @Override
    public SparkfitModel copy(ParamMap extra) {
        SparkfitModel copy = new SparkfitModel(uid, job, state, preprocessing, summary, metrics);
        return (SparkfitModel) copyValues(copy, extra).setParent(parent());
    }

    @Override
    public MLWriter write() {
        return new Writer(this);
    }

    /** Reads a model saved by {@code write().save(path)}, or the run directory {@code sparkfit train} wrote. */
    public static MLReader<SparkfitModel> read() {
        return new Reader();
    }

    public static SparkfitModel load(String path) {
        return read().load(path);
    }

    /** Writes the run directory, with Spark ML's metadata in it, committed whole. */
    private static final class Writer extends MLWriter {
        private final SparkfitModel model;

        Writer(SparkfitModel model) {
            this.model = model;
        }

        @Override
        public void saveImpl(String path) {
            JobConfig config = model.config();
            MultiLayerNetwork net = PreparedJob.plan(config).newNetwork();
            FlatState.apply(model.state, net);
            try {
                RunWriter.write(sc().hadoopConfiguration(), path, false, new RunWriter.Run(config, net,
                        model.preprocessing, model.summary, model.metrics), Map.of(METADATA, metadata()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Spark ML's metadata of the model: its class, uid and params, as DefaultParamsWriter writes them. */
        private String metadata() {
            ObjectNode root = JSON.createObjectNode().put("class", SparkfitModel.class.getName())
                    .put("timestamp", System.currentTimeMillis()).put("sparkVersion", sc().version())
                    .put("uid", model.uid());
            ObjectNode set = root.putObject("paramMap");
            ObjectNode defaults = root.putObject("defaultParamMap");
            for (Param<?> param : model.params()) {
                if (model.isSet(param)) {
                    set.set(param.name(), json(param, model.getOrDefault(param)));
                }
                if (model.hasDefault(param)) {
                    defaults.set(param.name(), json(param, model.getDefault(param).get()));
                }
            }
            return root.toString();
        }

        @SuppressWarnings("unchecked")
        private static JsonNode json(Param<?> param, Object value) {
            try {
                return JSON.readTree(((Param<Object>) param).jsonEncode(value));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Reads a run directory, and the params of Spark ML's metadata when the API wrote it. */
    private static final class Reader extends MLReader<SparkfitModel> {
        @Override
        public SparkfitModel load(String path) {
            try {
                SavedRun saved = SavedRun.load(path, sc().hadoopConfiguration());
                RunDirectory dir = new RunDirectory(path, sc().hadoopConfiguration());
                Path metadata = new Path(path, METADATA);
                FileSystem fs = metadata.getFileSystem(sc().hadoopConfiguration());
                JsonNode meta = fs.exists(metadata) ? JSON.readTree(dir.readText(METADATA)) : null;
                SparkfitModel model = new SparkfitModel(meta != null ? meta.at("/uid").asText()
                        : Identifiable.randomUID("sparkfit"), JobConfigLoader.toYaml(saved.job().config()),
                        saved.state(), saved.preprocessing(), dir.readText(RunDirectory.SUMMARY),
                        dir.readText(RunDirectory.METRICS));
                if (meta != null) {
                    meta.at("/paramMap").fields().forEachRemaining(f -> model.setParam(f.getKey(), f.getValue()));
                }
                return model;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void setParam(String name, JsonNode value) {
        @SuppressWarnings("unchecked")
        Param<Object> param = (Param<Object>) getParam(name);
        set(param, param.jsonDecode(value.toString()));
    }
}
