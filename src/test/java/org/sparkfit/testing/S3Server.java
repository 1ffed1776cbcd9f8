package org.sparkfit.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;

/**
 * A real S3-compatible server on loopback for {@code s3a://} tests: S3Proxy over a local directory (each bucket a
 * folder), in a JVM of its own (target/s3proxy/s3proxy.jar, copied by the build), reached through Hadoop's S3A.
 */
public final class S3Server implements AutoCloseable {
    private static final String IDENTITY = "sparkfit";
    private static final String CREDENTIAL = "sparkfit-secret";

    private final Process process;
    private final Path root;
    private final int port;

    private S3Server(Process process, Path root, int port) {
        this.process = process;
        this.root = root;
        this.port = port;
    }

    /** Starts a server storing its buckets under {@code root}, with {@code bucket} created. */
    public static S3Server start(Path root, String bucket) throws IOException, InterruptedException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Files.createDirectories(root.resolve("blobs").resolve(bucket));
        Path properties = root.resolve("s3proxy.properties");
        Files.writeString(properties, String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + IDENTITY,
                "s3proxy.credential=" + CREDENTIAL,
                "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + root.resolve("blobs"), ""));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx256m", "-jar", Path.of("target", "s3proxy", "s3proxy.jar")
                .toString(), "--properties", properties.toString()).redirectErrorStream(true)
                .redirectOutput(root.resolve("s3proxy.log").toFile()).start();
        S3Server server = new S3Server(process, root, port);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!server.listening()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                server.close();
                throw new IOException("S3Proxy did not start: " + Files.readString(root.resolve("s3proxy.log")));
            }
            Thread.sleep(200);
        }
        return server;
    }

    private boolean listening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Points Hadoop's S3A in {@code conf} at this server. */
    public void configure(Configuration conf) {
        conf.set("fs.s3a.endpoint", "http://127.0.0.1:" + port);
        conf.set("fs.s3a.endpoint.region", "us-east-1");
        conf.setBoolean("fs.s3a.path.style.access", true);
        conf.setBoolean("fs.s3a.connection.ssl.enabled", false);
        conf.set("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
        conf.set("fs.s3a.access.key", IDENTITY);
        conf.set("fs.s3a.secret.key", CREDENTIAL);
        conf.setInt("fs.s3a.attempts.maximum", 2);
        // S3A deletes a directory's marker objects after each write with a bulk delete, which S3Proxy answers only
        // after 10 s; keeping the markers (Hadoop 3.3's option, harmless on S3) avoids it.
        conf.set("fs.s3a.directory.marker.retention", "keep");
    }

    /** Where the server keeps the objects of {@code bucket}: one file per object, named by its key. */
    public Path bucketDirectory(String bucket) {
        return root.resolve("blobs").resolve(bucket);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
