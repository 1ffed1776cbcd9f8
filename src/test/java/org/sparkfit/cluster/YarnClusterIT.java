package org.sparkfit.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkfit.testing.FashionSlice;

/**
 * spark-submit on YARN: Hadoop's in-process MiniDFSCluster and MiniYARNCluster (two NodeManagers, their physical
 * memory check on, the CapacityScheduler), the cluster jar submitted through Spark's own SparkSubmit with
 * {@code --master yarn} and the jars of Spark's distribution (spark-yarn among them) on every node, data and run
 * directory on HDFS. So far client mode; cluster mode and the memory limit are issue 17's rest.
 */
class YarnClusterIT {
    @TempDir
    static Path dir;
    private static MiniDFSCluster hdfs;
    private static MiniYARNCluster yarn;
    private static Path conf;
    private static Path sparkHome;
    private static String data;

    private record Result(int exit, String out, String err) {
    }

    @BeforeAll
    static void startClusters() throws Exception {
        Configuration hadoop = new Configuration();
        hadoop.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("dfs").toString());
        hdfs = new MiniDFSCluster.Builder(hadoop).numDataNodes(1).build();
        hdfs.waitActive();
        YarnConfiguration config = new YarnConfiguration(hdfs.getConfiguration(0));
        config.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 256);
        config.setBoolean(YarnConfiguration.NM_PMEM_CHECK_ENABLED, true);
        config.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
        config.setInt(YarnConfiguration.NM_PMEM_MB, 4096);
        // The CapacityScheduler, as real clusters run it, with its one default queue.
        config.set("yarn.scheduler.capacity.root.queues", "default");
        config.setInt("yarn.scheduler.capacity.root.default.capacity", 100);
        // Its default lets application masters take a tenth of the cluster: less than one Spark AM here.
        config.setFloat("yarn.scheduler.capacity.maximum-am-resource-percent", 0.5f);
        yarn = new MiniYARNCluster("sparkfit", 2, 1, 1);
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
                .replace(FashionSlice.PACKAGE.toString(), data).replace(".gz", "")
                .replace("runs/fashion-mnist-mlp", fs.getUri() + "/runs/yarn"));
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

    private static Result submit(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx1g", "@" + Path.of("conf/jvm.options").toAbsolutePath(), "-cp",
                sparkHome.resolve("jars") + "/*:" + conf, "org.apache.spark.deploy.SparkSubmit", "--master", "yarn",
                "--conf", "spark.yarn.jars=local:" + sparkHome.resolve("jars") + "/*", "--conf",
                "spark.executor.instances=2", "--conf", "spark.yarn.appMasterEnv.JAVA_HOME="
                        + System.getProperty("java.home"), "--conf", "spark.executorEnv.JAVA_HOME="
                        + System.getProperty("java.home")));
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
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("spark-submit took over 2 minutes: " + Files.readString(err));
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void trainsInClientMode() throws Exception {
        Result train = submit("--deploy-mode", "client", "--class", "org.sparkfit.driver.cli.SparkfitCommand",
                Path.of("target/sparkfit-0.1.0-SNAPSHOT-cluster.jar").toAbsolutePath().toString(), "train",
                dir.resolve("job.yaml").toUri().toString(), "--set", "fit.epochs=1");
        assertEquals(0, train.exit(), train.err());
        assertTrue(hdfs.getFileSystem().exists(new org.apache.hadoop.fs.Path("/runs/yarn/model.zip")));
    }
}
