package org.sparkfit.driver.ml;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkfit.driver.ConfigException;
import org.sparkfit.driver.UserInputException;
import org.sparkfit.driver.jobs.TrainingRun;
import org.sparkfit.driver.train.TrainingListener;
import org.sparkfit.testing.Jobs;
import org.sparkfit.testing.ParquetData;
import org.sparkfit.testing.SharedSpark;
import org.sparkfit.testing.TestData;

/**
 * The Estimator on synthetic rows: model selection with CrossValidator fitting in parallel, and bad input refused
 * with one line naming the param or column and the fix.
 */
class SparkfitEstimatorTest {
    private static String job(double learningRate) {
        return """
                name: cv
                model:
                  input: [12]
                  layers:
                    - {type: dense, units: 16, activation: relu}
                    - {type: dense, units: 3, activation: softmax}
                compile:
                  loss: sparse_categorical_crossentropy
                  optimizer: {name: adam, learning_rate: %s}
                  metrics: [accuracy]
                fit: {epochs: 3, batch_size: 16, seed: 5}
                spark: {workers: 2, averaging_frequency: 4}
                """.formatted(learningRate);
    }

    private static Dataset<Row> planted(int rows, ParquetData.Layout layout) {
        return ParquetData.frame(TestData.planted(rows, 12, 3, 1), 2, layout);
    }

    @Test
    void crossValidatorFitsInParallelAndPicksAModel() {
        SparkfitEstimator sparkfit = new SparkfitEstimator().setJob(job(0.01));
        ParamMap[] grid = new ParamGridBuilder().addGrid(sparkfit.job(), scala.collection.JavaConverters
                .iterableAsScalaIterable(List.of(job(0.01), job(0.0001)))).build();
        CrossValidator search = new CrossValidator().setEstimator(sparkfit).setEstimatorParamMaps(grid)
                .setEvaluator(new MulticlassClassificationEvaluator().setMetricName("accuracy")).setNumFolds(2)
                .setParallelism(2).setSeed(3);
        CrossValidatorModel chosen = search.fit(planted(800, ParquetData.Layout.ARRAY));

        double[] accuracy = chosen.avgMetrics();
        assertEquals(2, accuracy.length);
        assertTrue(accuracy[0] > accuracy[1] && accuracy[0] > 0.8, Arrays.toString(accuracy));
        assertInstanceOf(SparkfitModel.class, chosen.bestModel());
        assertTrue(((SparkfitModel) chosen.bestModel()).heldOutScores().get("accuracy") > 0.8);
        // Four fits ran two at a time in one JVM, two of them on one network: each kept its own workers, so no
        // epoch of any failed its check of the state its workers hold and ran again.
        assertEquals(0, failedTasks("sparkfit cv "));
    }

    private static int failedTasks(String prefix) {
        return scala.collection.JavaConverters.seqAsJavaList(SharedSpark.context().sc().statusStore().jobsList(null))
                .stream().filter(j -> j.description().getOrElse(() -> "").startsWith(prefix))
                .mapToInt(j -> j.numFailedTasks()).sum();
    }

    @Test
    void numericColumnsAreTheFeaturesInTheOrderGiven() {
        Dataset<Row> rows = planted(600, ParquetData.Layout.COLUMNS);
        String[] columns = java.util.stream.IntStream.range(0, 12).mapToObj(i -> "f" + i).toArray(String[]::new);
        SparkfitModel model = new SparkfitEstimator().setJob(job(0.01)).setFeaturesCols(columns).fit(rows);
        assertTrue(model.heldOutScores().get("accuracy") > 0.8, model.heldOutScores().toString());
        Dataset<Row> scored = model.transform(rows);
        assertEquals(List.of(rows.columns()), List.of(scored.columns()).subList(0, rows.columns().length));
        assertEquals(List.of("prediction", "probability"), List.of(scored.columns()).subList(rows.columns().length,
                scored.columns().length));
        assertTrue(scored.filter(col("prediction").equalTo(col("label"))).count() > 0.8 * 600);

        String[] eleven = java.util.Arrays.copyOf(columns, 11);
        assertEquals("featuresCols: 11 columns but model.input [12] takes 12; fix model.input or the columns",
                assertThrows(UserInputException.class, () -> new SparkfitEstimator().setJob(job(0.01))
                        .setFeaturesCols(eleven).fit(rows)).getMessage());
        assertEquals("featuresCols 'f3': a column of string; each of featuresCols must be numeric (index strings with "
                + "StringIndexer)", assertThrows(UserInputException.class, () -> model.transform(rows.withColumn("f3",
                        lit("x")))).getMessage());
    }

    @Test
    void anEstimatorSavesAndLoadsWithItsParams(@TempDir Path dir) throws Exception {
        ParquetData.session();
        SparkfitEstimator sparkfit = new SparkfitEstimator().setJob(job(0.01)).setFeaturesCols("a", "b")
                .setValidationFraction(0.25).setPredictionCol("class");
        sparkfit.save(dir.resolve("estimator").toString());
        SparkfitEstimator loaded = SparkfitEstimator.load(dir.resolve("estimator").toString());
        assertEquals(sparkfit.uid(), loaded.uid());
        assertEquals(job(0.01), loaded.getJob());
        assertEquals(List.of("a", "b"), List.of(loaded.getFeaturesCols()));
        assertEquals(0.25, loaded.getValidationFraction());
        assertEquals("class", loaded.getPredictionCol());
        assertEquals("label", loaded.getLabelCol());
    }

    @Test
    void theCliRefusesAJobOfDataFrameColumnsNamingTheFix() {
        String yaml = job(0.01) + "data: {train: {format: dataframe}, test: {format: dataframe}}\n";
        UserInputException e = assertThrows(UserInputException.class, () -> new TrainingRun(SharedSpark.context(),
                new PrintStream(new ByteArrayOutputStream()), new TrainingListener() { }).run(Jobs.parse(yaml), false));
        assertEquals("data.train: format dataframe names the columns of a DataFrame given to SparkfitEstimator.fit in "
                + "a Spark application, which the command line cannot read; save the DataFrame as Parquet and name it "
                + "{format: parquet, path: PATH, features: [features], label: label} (evaluate takes it as --data)",
                e.getMessage());
    }

    @Test
    void badColumnsAndRowsAreRefusedWithOneLineNamingTheFix() {
        Dataset<Row> rows = planted(200, ParquetData.Layout.VECTOR);
        SparkfitEstimator sparkfit = new SparkfitEstimator().setJob(job(0.01));

        assertEquals("job: not set; give the job's YAML with setJob (docs/API.md)", assertThrows(
                UserInputException.class, () -> new SparkfitEstimator().fit(rows)).getMessage());
        assertEquals("featuresCol 'pixels': the Dataset has no such column; its columns are features, label",
                assertThrows(UserInputException.class, () -> sparkfit.copy(ParamMap.empty()).setFeaturesCol("pixels")
                        .fit(rows)).getMessage());
        assertEquals("featuresCol 'name': a column of string; the features must be a Spark ML vector (assemble "
                + "columns with VectorAssembler) or an array of numbers", assertThrows(UserInputException.class,
                () -> sparkfit.copy(ParamMap.empty()).setFeaturesCol("name").fit(rows.withColumn("name",
                        lit("x")))).getMessage());
        assertEquals("labelCol 'label': a column of string; the label must be numeric: a class index from 0, or a "
                + "value (index strings with StringIndexer)", assertThrows(UserInputException.class,
                () -> sparkfit.fit(rows.withColumn("label", lit("cat")))).getMessage());
        assertEquals("predictionCol 'prediction': the Dataset has a column of that name already; set another "
                + "predictionCol", assertThrows(UserInputException.class, () -> sparkfit.fit(rows.withColumn(
                        "prediction", lit(1.0)))).getMessage());
        ConfigException files = assertThrows(ConfigException.class, () -> sparkfit.copy(ParamMap.empty())
                .setJob(job(0.01) + "data: {train: {format: idx, images: a, labels: b}}\n").fit(rows));
        assertEquals("data.train: the Estimator trains on the Dataset given to fit and holds out what "
                + "validationFraction or validationIndicatorCol says; leave data.train, data.test and "
                + "data.validation_split out", files.getMessage());

        RuntimeException label = assertThrows(RuntimeException.class, () -> sparkfit.fit(rows.withColumn("label",
                when(col("label").equalTo(2), lit(7.0)).otherwise(col("label")))));
        assertTrue(label.getMessage().matches("labelCol 'label': row \\d+: label 7.0 is outside 0..2 "
                + "\\(the model's last layer predicts 3 classes\\); fix the labels or the last layer's units"),
                label.getMessage());
        assertEquals("the training rows of the DataFrame: 1 row, too few to give each of 2 workers one; lower "
                + "spark.workers or add data", assertThrows(UserInputException.class, () -> sparkfit.copy(
                        ParamMap.empty()).setValidationIndicatorCol("held_out").fit(rows.limit(3).withColumn(
                                "held_out", col("label").geq(-1).and(functions.monotonically_increasing_id().gt(0)))))
                .getMessage());
        RuntimeException narrow = assertThrows(RuntimeException.class, () -> sparkfit.copy(ParamMap.empty())
                .setJob(job(0.01).replace("input: [12]", "input: [13]")).fit(rows));
        assertTrue(narrow.getMessage().matches("featuresCol 'features': row \\d+ holds 12 values but "
                + "the model takes 13 features; fix the model's input or the column"), narrow.getMessage());
    }
}
