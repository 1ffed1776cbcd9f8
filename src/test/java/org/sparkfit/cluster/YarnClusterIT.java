package org.sparkfit.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkfit.testing.FashionSlice;
import org.sparkfit.testing.PredictionFiles;

/**
 * spark-submit on YARN: Hadoop's in-process MiniDFSCluster and MiniYARNCluster (two NodeManagers, their physical
 * memory check on, the CapacityScheduler), the cluster jar submitted through Spark's own SparkSubmit with
 * {@code --master yarn} and the jars of Spark's distribution (spark-yarn among them) on every node, data and run
 * directory on HDFS, in client and in cluster deploy mode; YARN's own report and the NodeManagers' container logs
 * are checked, and an executor given far too little memoryOverhead is killed by its NodeManager's monitor.
 */
class YarnClusterIT {
    @TempDir
    static Path dir;
    private static MiniDFSCluster hdfs;
    private static MiniYARNCluster yarn;
    private static Path conf;
    private static Path sparkHome;
    private static String data;

    /**
     * What cluster mode adds: one application attempt (a failed training is not worth a second attempt; Spark
     * already retries a failed epoch).
     */
    private static final int NODE_MANAGERS = 2;
    private static final String EXECUTOR_LINE = "sparkfit executor: ND4J backend";
    /** What Spark's ApplicationMaster logs of a container its NodeManager killed for its memory. */
    private static final String KILLED = "Container killed by YARN for exceeding physical memory limits";
    private static final List<String> CLUSTER_MODE = List.of("--conf", "spark.yarn.maxAppAttempts=1");

    private record Result(int exit, String out, String err) {
    }

    @BeforeAll
    static void startClusters() throws Exception {
        Configuration hadoop = new Configuration();
        hadoop.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("dfs").toString());
        hdfs = new MiniDFSCluster.Builder(hadoop).numDataNodes(1).build();
        hdfs.waitActive();
        YarnConfiguration config = new YarnConfiguration(hdfs.getConfiguration(0));
        // Containers as large as asked (YARN rounds every request up to a multiple of the minimum).
        config.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 32);
        config.setLong(YarnConfiguration.NM_CONTAINER_MON_INTERVAL_MS, 500);
        // The NodeManagers' monitor, which a MiniYARNCluster turns off unless told to leave it as configured.
        config.setBoolean(YarnConfiguration.YARN_MINICLUSTER_CONTROL_RESOURCE_MONITORING, true);
        config.setBoolean(YarnConfiguration.NM_PMEM_CHECK_ENABLED, true);
        // Hadoop 3.3 polls containers' memory only when the limit is not left to cgroups (none here).
        config.setBoolean(YarnConfiguration.NM_MEMORY_RESOURCE_ENFORCED, false);
        config.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
        config.setInt(YarnConfiguration.NM_PMEM_MB, 4096);
        // The CapacityScheduler, as real clusters run it, with its one default queue.
        config.set("yarn.scheduler.capacity.root.queues", "default");
        config.setInt("yarn.scheduler.capacity.root.default.capacity", 100);
        // Its default lets application masters take a tenth of the cluster: less than one Spark AM here.
        config.setFloat("yarn.scheduler.capacity.maximum-am-resource-percent", 0.5f);
        yarn = new MiniYARNCluster("sparkfit", NODE_MANAGERS, 1, 1);
        yarn.init(config);
        yarn.start();

        // What a client's HADOOP_CONF_DIR holds: where HDFS and the ResourceManager are (the ResourceManager's own
        // config has the ports it bound; the cluster's whole config names MiniDFS's test-only topology class).
        conf = Files.createDirectory(dir.resolve("hadoop-conf"));
        Configuration client = new Configuration(false);
        client.set("fs.defaultFS", hdfs.getFileSystem().getUri().toString());
        Configuration rm = yarn.getResourceManager().getConfig();
        for (java.util.Map.Entry<String, String> setting : rm) {
            if (setting.getKey().startsWith("yarn.resourcemanager.")) {
                client.set(setting.getKey(), rm.get(setting.getKey()));
            }
        }
        for (String site : List.of("core-site.xml", "yarn-site.xml")) {
            try (OutputStream out = Files.newOutputStream(conf.resolve(site))) {
                client.writeXml(out);
            }
        }
        sparkHome = Files.createDirectories(dir.resolve("spark-home/jars"));
        for (String jar : Files.readString(Path.of("target/spark-dist/classpath.txt")).trim().split(":")) {
            Files.createSymbolicLink(sparkHome.resolve(Path.of(jar).getFileName()), Path.of(jar));
        }
        sparkHome = sparkHome.getParent();

        FashionSlice.write(dir, "train", 1200);
        FashionSlice.write(dir, "t10k", 300);
        FileSystem fs = hdfs.getFileSystem();
        data = fs.getUri() + "/data";
        for (String file : List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                "t10k-labels-idx1-ubyte")) {
            fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(dir.resolve(file).toString()),
                    new org.apache.hadoop.fs.Path(data + "/" + file));
        }
        Files.writeString(dir.resolve("job.yaml"), Files.readString(Path.of("conf/fashion-mnist-mlp.yaml"))
                .replace(FashionSlice.PACKAGE.toString(), data).replace(".gz", ""));
    }

    @AfterAll
    static void stopClusters() {
        if (yarn != null) {
            yarn.stop();
        }
        if (hdfs != null) {
            hdfs.shutdown();
        }
    }

    /** spark-submit of the cluster jar in {@code mode} with {@code sparkArgs}, running sparkfit's {@code args}. */
    private static Result submit(String mode, List<String> sparkArgs, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx1g", "@" + Path.of("conf/jvm.options").toAbsolutePath(), "-cp",
                sparkHome.resolve("jars") + "/*:" + conf, "org.apache.spark.deploy.SparkSubmit", "--master", "yarn",
                "--conf", "spark.yarn.jars=local:" + sparkHome.resolve("jars") + "/*", "--num-executors",
                "2", "--conf", "spark.yarn.appMasterEnv.JAVA_HOME="
                        + System.getProperty("java.home"), "--conf", "spark.executorEnv.JAVA_HOME="
                        + System.getProperty("java.home")));
        command.addAll(List.of("--deploy-mode", mode, "--class", "org.sparkfit.driver.cli.SparkfitCommand"));
        command.addAll(sparkArgs);
        command.add(Path.of("target/sparkfit-0.1.0-SNAPSHOT-cluster.jar").toAbsolutePath().toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("HADOOP_CONF_DIR", conf.toString());
        pb.environment().put("SPARK_HOME", sparkHome.toString());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Path out = Files.createTempFile(dir, "submit", ".out");
        Path err = Files.createTempFile(dir, "submit", ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process process = pb.start();
        if (!process.waitFor(4, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("spark-submit took over 4 minutes: " + Files.readString(err));
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void trainsInClientModeAndReadsTheRunBack() throws Exception {
        Result train = submit("client", List.of(), "train", job(), "--set", "fit.epochs=1", "--set",
                "output=" + hdfs.getURI() + "/runs/client");
        assertEquals(0, train.exit(), train.err());
        assertTrue(train.out().contains("spark.executor.memoryOverhead 532m"), train.out());
        ApplicationReport app = lastApplication();
        assertEquals(FinalApplicationStatus.SUCCEEDED, app.getFinalApplicationStatus(), app.getDiagnostics());
        assertEquals(2, executorContainers(app).size(), "executors that logged sparkfit's line");
        assertFalse(containerLogs(app).values().stream().anyMatch(log -> log.contains(KILLED)));
        // Two workers on two one-core executors: the training stage ran its tasks at once, one on each, and
        // they met through the driver's tracker to exchange their state directly.
        JsonNode metrics;
        try (InputStream in = hdfs.getFileSystem().open(new org.apache.hadoop.fs.Path("/runs/client/metrics.json"))) {
            metrics = new ObjectMapper().readTree(in);
        }
        assertEquals("yarn", metrics.at("/spark_master").asText());
        assertEquals(2, metrics.at("/backend").size(), metrics.toString());
        assertTrue(train.out().contains("Training on 1200 examples in 2 partitions"), train.out());

        Result evaluate = submit("client", List.of(), "evaluate", hdfs.getURI() + "/runs/client");
        assertEquals(0, evaluate.exit(), evaluate.err());
        assertTrue(evaluate.out().contains("accuracy"), evaluate.out());
        assertEquals(FinalApplicationStatus.SUCCEEDED, lastApplication().getFinalApplicationStatus());
    }

    @Test
    void trainsInClusterModeAndPredictsFromTheRun() throws Exception {
        Result train = submit("cluster", CLUSTER_MODE, "train", job(), "--set", "fit.epochs=1", "--set",
                "output=" + hdfs.getURI() + "/runs/cluster");
        assertEquals(0, train.exit(), train.err());
        ApplicationReport app = lastApplication();
        assertEquals(FinalApplicationStatus.SUCCEEDED, app.getFinalApplicationStatus(), app.getDiagnostics());
        assertTrue(hdfs.getFileSystem().exists(new org.apache.hadoop.fs.Path("/runs/cluster/model.zip")));
        assertEquals(2, executorContainers(app).size(), "executors that logged sparkfit's line");

        String predictions = hdfs.getURI() + "/predictions/cluster";
        Result predict = submit("cluster", CLUSTER_MODE, "predict", hdfs.getURI() + "/runs/cluster", "--input",
                data + "/t10k-images-idx3-ubyte", "--output", predictions);
        assertEquals(0, predict.exit(), predict.err());
        assertEquals(FinalApplicationStatus.SUCCEEDED, lastApplication().getFinalApplicationStatus());
        assertEquals(301, PredictionFiles.lines(predictions, hdfs.getConfiguration(0)).size());
    }

    @Test
    void anExecutorWithFarTooLittleOverheadIsKilledByYarnAndSparkfitNamesTheSetting() throws Exception {
        // The course's convolutional network on whole parts at once: its activations and im2col buffers outside the
        // heap (hundreds of MB) do not fit in the 1 MiB given for them. JavaCPP's own limit (sparkfit sets it to
        // the container's size) is lifted, so that YARN's monitor acts.
        Path cnn = dir.resolve("cnn.yaml");
        Files.writeString(cnn, Files.readString(Path.of("conf/fashion-mnist-cnn.yaml"))
                .replace(FashionSlice.PACKAGE.toString(), data).replace(".gz", ""));
        // Two attempts of the training stage, not Spark's four: each starts two executors that YARN kills.
        Result train = submit("client", List.of("--executor-memory", "512m", "--conf",
                "spark.executor.memoryOverhead=1m", "--conf", "spark.stage.maxConsecutiveAttempts=2", "--conf",
                "spark.executor.extraJavaOptions="
                        + "-Dorg.bytedeco.javacpp.maxbytes=0 -Dorg.bytedeco.javacpp.maxphysicalbytes=0"), "train",
                cnn.toUri().toString(), "--set", "fit.epochs=1", "--set", "fit.batch_size=600", "--set",
                "output=" + hdfs.getURI() + "/runs/killed");
        assertEquals(1, train.exit(), train.out() + train.err());
        // Spark's own log shares stderr under spark-submit; sparkfit's verdict is its one line there.
        assertEquals(List.of("sparkfit: error: an executor went over its memory limit outside the JVM heap, where "
                + "ND4J keeps its arrays; raise spark.executor.memoryOverhead (sparkfit's default is sized from the "
                + "model: see docs/CLUSTER.md), or lower fit.batch_size"), train.err().lines()
                .filter(line -> line.startsWith("sparkfit")).toList(), train.err());
        ApplicationReport app = lastApplication();
        assertTrue(containerLogs(app).values().stream().anyMatch(log -> log.contains(KILLED)), "no container killed");
        assertEquals(1, app.getCurrentApplicationAttemptId().getAttemptId(), "application attempts");
        assertFalse(hdfs.getFileSystem().exists(new org.apache.hadoop.fs.Path("/runs/killed")));
    }

    private static String job() {
        return dir.resolve("job.yaml").toUri().toString();
    }

    /** The newest application YARN knows of. */
    private static ApplicationReport lastApplication() throws Exception {
        try (YarnClient client = YarnClient.createYarnClient()) {
            client.init(yarn.getConfig());
            client.start();
            return client.getApplications().stream().max(Comparator.comparing(ApplicationReport::getApplicationId))
                    .orElseThrow();
        }
    }

    /** The containers of {@code app} whose log has sparkfit's executor line. */
    private static List<Path> executorContainers(ApplicationReport app) throws IOException {
        return containerLogs(app).entrySet().stream().filter(log -> log.getValue().contains(EXECUTOR_LINE))
                .map(Map.Entry::getKey).toList();
    }

    /** The stderr of each container of {@code app}, on any NodeManager (its log directory while the app is kept). */
    private static Map<Path, String> containerLogs(ApplicationReport app) throws IOException {
        Map<Path, String> logs = new TreeMap<>();
        for (int n = 0; n < NODE_MANAGERS; n++) {
            for (String root : yarn.getNodeManager(n).getConfig().getTrimmedStrings(YarnConfiguration.NM_LOG_DIRS)) {
                Path appLogs = Path.of(root, app.getApplicationId().toString());
                if (Files.isDirectory(appLogs)) {
                    try (Stream<Path> containers = Files.list(appLogs)) {
                        for (Path container : containers.toList()) {
                            Path stderr = container.resolve("stderr");
                            logs.put(container, Files.exists(stderr) ? Files.readString(stderr) : "");
                        }
                    }
                }
            }
        }
        return logs;
    }
}
