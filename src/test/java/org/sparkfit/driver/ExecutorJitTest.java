package org.sparkfit.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.sparkfit.driver.jobs.ExecutorJit;

/** Executors get the driver's JIT setting from conf/jvm.options, after the user's options and never over them. */
class ExecutorJitTest {

    @Test
    void executorsGetTheSettingTheDriversJvmOptionsHaveAfterTheUsersOwn() throws Exception {
        String driver = Files.readAllLines(Path.of("conf/jvm.options")).stream()
                .filter(line -> line.startsWith("-XX:InlineSmallCode=")).findFirst().orElseThrow();
        SparkConf conf = new SparkConf(false).set("spark.executor.extraJavaOptions", "-XX:+UseG1GC");
        ExecutorJit.applyTo(conf);
        assertEquals("-XX:+UseG1GC " + driver, conf.get("spark.executor.extraJavaOptions"));
        SparkConf none = new SparkConf(false);
        ExecutorJit.applyTo(none);
        assertEquals(driver, none.get("spark.executor.extraJavaOptions"));
    }

    @Test
    void aValueTheUserGaveStays() {
        SparkConf conf = new SparkConf(false).set("spark.executor.extraJavaOptions", "-XX:InlineSmallCode=2500 -Da=b");
        ExecutorJit.applyTo(conf);
        assertEquals("-XX:InlineSmallCode=2500 -Da=b", conf.get("spark.executor.extraJavaOptions"));
    }
}
