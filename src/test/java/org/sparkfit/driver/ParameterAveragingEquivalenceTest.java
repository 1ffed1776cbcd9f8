package org.sparkfit.driver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.file.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkfit.datasets.Preprocessing;
import org.sparkfit.driver.config.JobConfig;
import org.sparkfit.driver.train.Checkpoint;
import org.sparkfit.driver.train.DistributedTrainer;
import org.sparkfit.driver.train.PartitionedData;
import org.sparkfit.driver.train.PreparedJob;
import org.sparkfit.driver.train.TrainingListener;
import org.sparkfit.driver.train.TrainingOutcome;
import org.sparkfit.testing.Jobs;
import org.sparkfit.testing.SharedSpark;
import org.sparkfit.testing.TestData;
import org.sparkfit.worker.FlatState;
import org.sparkfit.worker.PartStats;
import org.sparkfit.worker.cache.DataCache;

/**
 * With plain SGD, averaging after every mini-batch over equal partitions is one SGD step on the union of the
 * workers' batches: the distributed result must equal single-process training on those batches.
 */
class ParameterAveragingEquivalenceTest {
    private static final int ROWS = 64;
    private static final int WIDTH = 8;
    private static final int BATCH = 8;

    @TempDir
    Path dir;

    @Test
    void averagingEveryBatchEqualsSingleProcessSgdOnTheUnionOfBatches() throws Exception {
        TestData.Set set = TestData.planted(ROWS, WIDTH, 3, 3);
        TestData.writeIdx(set, new int[] {WIDTH}, dir.resolve("train-images"), dir.resolve("train-labels"), false);
        TestData.writeIdx(set, new int[] {WIDTH}, dir.resolve("test-images"), dir.resolve("test-labels"), false);
        JobConfig config = Jobs.parse(Jobs.idxClassifier(dir.toString(), WIDTH, 3, dir.resolve("out").toString()),
                "compile.optimizer={name: sgd, learning_rate: 0.1}", "fit.shuffle=false", "fit.epochs=2",
                "fit.batch_size=" + BATCH, "spark.averaging_frequency=1", "spark.workers=2");
        PreparedJob job = PreparedJob.plan(config);
        MultiLayerNetwork local = new MultiLayerNetwork(job.network());
        local.init();
        float[] initial = FlatState.of(local);

        TrainingOutcome outcome;
        try (PartitionedData train = PartitionedData.read(SharedSpark.context(), "data.train", job.train(), 2, 3,
                new Preprocessing(255, null, null), DataCache.AUTO, PartStats.Wanted.LABELS);
             PartitionedData test = PartitionedData.read(SharedSpark.context(), "data.test", job.test(), 2, 3,
                     new Preprocessing(255, null, null), DataCache.AUTO, PartStats.Wanted.LABELS)) {
            outcome = new DistributedTrainer(SharedSpark.context(), job, new TrainingListener() { })
                    .fit(train, test, Checkpoint.initial(initial), checkpoint -> { });
        }

        int half = ROWS / 2;
        for (int epoch = 0; epoch < 2; epoch++) {
            for (int b = 0; b < half / BATCH; b++) {
                local.fit(union(set, b * BATCH, half + b * BATCH));
            }
        }
        float[] expected = local.params().toFloatVector();
        float[] actual = java.util.Arrays.copyOf(outcome.state(), expected.length);
        assertArrayEquals(expected, actual, 1e-5f);
    }

    /** Rows [a, a + BATCH) and [b, b + BATCH) as one batch, scaled and one-hot as the workers see them. */
    private static DataSet union(TestData.Set set, int a, int b) {
        float[] features = new float[2 * BATCH * WIDTH];
        float[] labels = new float[2 * BATCH * 3];
        for (int i = 0; i < 2 * BATCH; i++) {
            int row = i < BATCH ? a + i : b + i - BATCH;
            for (int f = 0; f < WIDTH; f++) {
                features[i * WIDTH + f] = set.features()[row * WIDTH + f] * (float) (1.0 / 255);
            }
            labels[i * 3 + set.labels()[row]] = 1;
        }
        return new DataSet(Nd4j.create(features, new long[] {2 * BATCH, WIDTH}, 'c'),
                Nd4j.create(labels, new long[] {2 * BATCH, 3}, 'c'));
    }
}
