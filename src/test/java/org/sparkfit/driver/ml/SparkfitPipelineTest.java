package org.sparkfit.driver.ml;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkfit.driver.jobs.EvaluationRun;
import org.sparkfit.driver.jobs.PredictionRun;
import org.sparkfit.driver.jobs.SavedRun;
import org.sparkfit.driver.jobs.TrainingRun;
import org.sparkfit.driver.train.TrainingListener;
import org.sparkfit.driver.train.TrainingOutcome;
import org.sparkfit.testing.FashionSlice;
import org.sparkfit.testing.Jobs;
import org.sparkfit.testing.ParquetData;
import org.sparkfit.testing.PredictionFiles;
import org.sparkfit.testing.SharedSpark;

/**
 * sparkfit inside a Spark ML Pipeline on real Fashion-MNIST rows (Spark ML vectors, every other one sparse): fitted
 * after a VectorAssembler, it trains as {@code sparkfit train} does on the same rows from IDX files, scores the test
 * rows on the executors, and its PipelineModel saves, loads and predicts the same again.
 */
class SparkfitPipelineTest {
    private static final String MODEL = """
            name: fashion
            data: {scale: 255}
            model:
              input: [784]
              layers:
                - {type: dense, units: 64, activation: relu}
                - {type: dense, units: 10, activation: softmax}
            compile:
              loss: sparse_categorical_crossentropy
              optimizer: {name: adam, learning_rate: 0.002}
              metrics: [accuracy]
            fit: {epochs: 3, batch_size: 64, seed: 11}
            spark: {workers: 2, averaging_frequency: 4}
            """;

    @TempDir
    static Path dir;
    private static Dataset<Row> train;
    private static Dataset<Row> test;

    @BeforeAll
    static void data() throws Exception {
        FashionSlice.write(dir, "train", 3000);
        FashionSlice.write(dir, "t10k", 600);
        train = ParquetData.frame(FashionSlice.read("train", 3000), 3, ParquetData.Layout.VECTOR)
                .withColumn("held_out", lit(false));
        test = ParquetData.frame(FashionSlice.read("t10k", 600), 2, ParquetData.Layout.VECTOR)
                .withColumn("held_out", lit(true));
    }

    private static double accuracy(Dataset<Row> predicted) {
        return predicted.filter(col("prediction").equalTo(col("label"))).count() / (double) predicted.count();
    }

    @Test
    void aPipelineTrainsAsTheCliDoesAndSavesAndLoadsItsModel() throws Exception {
        String files = MODEL.replace("data: {scale: 255}", """
                data:
                  train: {format: idx, images: %1$s/train-images-idx3-ubyte, labels: %1$s/train-labels-idx1-ubyte}
                  test: {format: idx, images: %1$s/t10k-images-idx3-ubyte, labels: %1$s/t10k-labels-idx1-ubyte}
                  scale: 255""".formatted(dir)) + "output: " + dir.resolve("cli-run") + "\n";
        TrainingOutcome cli = new TrainingRun(SharedSpark.context(), new PrintStream(new ByteArrayOutputStream()),
                new TrainingListener() { }).run(Jobs.parse(files), false);

        SparkfitEstimator sparkfit = new SparkfitEstimator().setJob(MODEL).setFeaturesCol("assembled")
                .setValidationIndicatorCol("held_out");
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
            new VectorAssembler().setInputCols(new String[] {"features"}).setOutputCol("assembled"), sparkfit});
        PipelineModel fitted = pipeline.fit(train.union(test));
        Dataset<Row> predicted = fitted.transform(test).cache();

        // The same rows, split into the workers' parts as the files are, train to the same model (the issue asks
        // for accuracy within 0.3 points; it is the same to the last digit).
        double cliAccuracy = cli.test().get("accuracy");
        SparkfitModel model = (SparkfitModel) fitted.stages()[1];
        assertEquals(cliAccuracy, model.heldOutScores().get("accuracy"), 1e-12);
        assertEquals(cli.test().get("loss"), model.heldOutScores().get("loss"), 1e-6);
        assertEquals(cliAccuracy, accuracy(predicted), 1e-12);
        assertEquals(model.metrics().at("/history").size(), 3);
        Row first = predicted.first();
        assertEquals(1.0, sum(first.<org.apache.spark.ml.linalg.Vector>getAs("probability").toArray()), 1e-5);

        Path saved = dir.resolve("pipeline");
        fitted.write().save(saved.toString());
        Dataset<Row> again = PipelineModel.load(saved.toString()).transform(test);
        assertEquals(rows(predicted), rows(again), "the reloaded pipeline predicts the same");

        // The model's stage is a run directory that the CLI reads, and the API reads the CLI's.
        String stage = saved.resolve("stages").toFile().listFiles((d, name) -> name.startsWith("1_"))[0].toString();
        assertEquals(784, SavedRun.load(stage, SharedSpark.context().hadoopConfiguration()).job().plan()
                .inputWidth());
        SparkfitModel fromCli = SparkfitModel.load(dir.resolve("cli-run").toString());
        assertEquals(cliAccuracy, accuracy(fromCli.transform(test)), 1e-9);

        // sparkfit predict reads the features column from Parquet files, as the model was fitted on it, and
        // evaluate scores such files with their labels.
        Path parquet = dir.resolve("assembled.parquet");
        fitted.stages()[0].transform(test).write().parquet(parquet.toString());
        assertEquals(cliAccuracy, new EvaluationRun(SharedSpark.context()).run(stage, "{format: parquet, path: "
                + parquet + ", features: [assembled], label: label}").get("accuracy"), 1e-12);
        Path csv = dir.resolve("predictions.csv");
        new PredictionRun(SharedSpark.context()).run(stage, parquet.toString(), csv.toString(), false);
        List<String> lines = PredictionFiles.lines(csv);
        List<Row> expected = predicted.select("prediction").collectAsList();
        assertEquals(expected.size() + 1, lines.size());
        for (int r = 0; r < expected.size(); r++) {
            assertEquals(expected.get(r).getDouble(0), Double.parseDouble(lines.get(r + 1).split(",")[1]), "row " + r);
        }
    }

    private static double sum(double[] values) {
        double total = 0;
        for (double v : values) {
            total += v;
        }
        return total;
    }

    private static List<String> rows(Dataset<Row> predicted) {
        return predicted.select("prediction", "probability").collectAsList().stream().map(Row::toString).toList();
    }
}
