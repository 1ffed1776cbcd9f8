package org.sparkfit.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.sparkfit.driver.jobs.ExecutorMemory;
import org.sparkfit.driver.train.PreparedJob;
import org.sparkfit.testing.Jobs;

/** Executor memory defaults: sized from the model and batch, applied on clusters only, never over the user's. */
class ExecutorMemoryTest {
    private static final long MIB = 1L << 20;

    private static ExecutorMemory estimate(String... overrides) {
        return ExecutorMemory.estimate(PreparedJob.plan(Jobs.parse(Jobs.idxClassifier("/data", 784, 10, "out"),
                overrides)).plan(), 128);
    }

    @Test
    void growsWithTheModelAndTheBatch() {
        // 784-16-10: 12,730 parameters x 4 B x 5 + 128 x (784 + 16 + 10) x 4 B x 3 = 1,498,760 B, doubled: 3 MiB.
        ExecutorMemory small = estimate();
        assertEquals(3 * MIB, small.offHeapBytes());
        assertEquals(515 * MIB, small.overheadBytes());
        // 784-4096-10: 3,256,330 parameters: 65,126,600 B + 128 x 4890 x 12 = 72,637,640 B, doubled: 139 MiB.
        ExecutorMemory wide = estimate("model.layers=[{type: dense, units: 4096, activation: relu}, "
                + "{type: dense, units: 10, activation: softmax}]");
        assertEquals(139 * MIB, wide.offHeapBytes());
    }

    @Test
    void countsTheIm2colMatricesTheWorkerKeepsForTheBackwardPass() {
        // 28x28x1 -> conv2d 32 3x3 -> 26x26x32 -> flatten -> 10: 320 + 216,330 parameters x 4 B x 5 = 4,333,000 B;
        // activations 128 x (784 + 21,632 + 21,632 + 10) x 4 B x 3 = 67,673,088 B; im2col 128 x 26 x 26 x 9 x 1
        // x 4 B = 3,115,008 B; doubled: 150,242,192 B, 144 MiB (without the im2col term: 138 MiB).
        ExecutorMemory cnn = estimate("model.input=[28, 28, 1]", "model.layers=[{type: conv2d, filters: 32, "
                + "kernel_size: 3, activation: relu}, {type: flatten}, {type: dense, units: 10, activation: softmax}]");
        assertEquals(144 * MIB, cnn.offHeapBytes());
    }

    @Test
    void setsOverheadAndJavaCppLimitsOnAClusterAndKeepsTheUsersOptions() {
        SparkConf conf = new SparkConf(false).setMaster("yarn").set("spark.executor.memory", "8g")
                .set("spark.executor.extraJavaOptions", "-XX:+UseG1GC");
        estimate().applyTo(conf);
        assertEquals("819m", conf.get("spark.executor.memoryOverhead"), "Spark's own 10% floor of 8g wins");
        assertEquals("-XX:+UseG1GC -Dorg.bytedeco.javacpp.maxbytes=3m -Dorg.bytedeco.javacpp.maxphysicalbytes="
                + (8192 + 819) + "m", conf.get("spark.executor.extraJavaOptions"));
    }

    @Test
    void leavesWhatTheUserSetAlone() {
        SparkConf conf = new SparkConf(false).setMaster("spark://h:7077").set("spark.executor.memoryOverhead", "2g")
                .set("spark.executor.extraJavaOptions", "-Dorg.bytedeco.javacpp.maxbytes=6g");
        estimate().applyTo(conf);
        assertEquals("2g", conf.get("spark.executor.memoryOverhead"));
        assertEquals("-Dorg.bytedeco.javacpp.maxbytes=6g", conf.get("spark.executor.extraJavaOptions"));
    }

    @Test
    void changesNothingInLocalMode() {
        SparkConf conf = new SparkConf(false).setMaster("local[2]");
        estimate().applyTo(conf);
        assertFalse(conf.contains("spark.executor.memoryOverhead"));
        assertFalse(conf.contains("spark.executor.extraJavaOptions"));
    }
}
