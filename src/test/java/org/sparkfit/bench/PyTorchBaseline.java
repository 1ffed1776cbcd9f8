package org.sparkfit.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.sparkfit.driver.config.IdxSourceConfig;
import org.sparkfit.driver.config.JobConfig;
import org.sparkfit.driver.layers.Dense;
import org.sparkfit.driver.layers.KerasLayer;

/**
 * The benchmark's PyTorch row: runs {@code scripts/bench_pytorch.py} (Debian's python3-torch, CPU) on the job's
 * dense network, IDX data, optimizer, batch size, seed and epochs, under the benchmark's OpenMP settings, and reads
 * back its epoch times and test accuracy. Empty, with the reason printed, where it cannot run.
 */
final class PyTorchBaseline {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Debian's Python, whose packages python3-torch installs into (not another python3 that PATH may find). */
    private static final String PYTHON = "/usr/bin/python3";

    private PyTorchBaseline() {
    }

    /**
     * The result and its row label on {@code threads} threads (OMP_NUM_THREADS, passive waiting), or empty (reason
     * printed) when PyTorch or the job does not allow the run.
     */
    static Optional<Map.Entry<String, EpochBenchmark.Result>> run(JobConfig job, int threads) throws Exception {
        Optional<String> unsupported = unsupported(job);
        if (unsupported.isPresent()) {
            System.out.println("PyTorch: skipped (" + unsupported.get() + ")");
            return Optional.empty();
        }
        IdxSourceConfig train = (IdxSourceConfig) job.data().train();
        IdxSourceConfig test = (IdxSourceConfig) job.data().test();
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("train_images", train.images());
        spec.put("train_labels", train.labels());
        spec.put("test_images", test.images());
        spec.put("test_labels", test.labels());
        spec.put("scale", job.data().scale());
        spec.put("input", job.model().input().stream().reduce(1, (a, b) -> a * b));
        List<List<Object>> layers = new ArrayList<>();
        for (KerasLayer layer : job.model().layers()) {
            Dense dense = (Dense) layer;
            layers.add(List.of(dense.units(), dense.activation()));
        }
        spec.put("layers", layers);
        spec.put("optimizer", job.compile().optimizer().name());
        spec.put("lr", job.compile().optimizer().learningRate());
        spec.put("batch", job.fit().batchSize());
        spec.put("epochs", job.fit().epochs());
        spec.put("seed", job.fit().seed());

        Optional<JsonNode> result = runScript("scripts/bench_pytorch.py", spec, threads);
        if (result.isEmpty()) {
            return Optional.empty();
        }
        List<Double> seconds = new ArrayList<>();
        result.get().path("epoch_seconds").forEach(s -> seconds.add(s.asDouble()));
        return Optional.of(Map.entry(label(result.get()), new EpochBenchmark.Result(seconds,
                result.get().path("test_accuracy").asDouble())));
    }

    /** "PyTorch 1.13.0 CPU, 2 threads", from a script's answer. */
    static String label(JsonNode result) {
        int used = result.path("threads").asInt();
        return "PyTorch " + result.path("torch").asText() + " CPU, " + used + (used == 1 ? " thread" : " threads");
    }

    /**
     * Runs a PyTorch script of scripts/ on the JSON {@code spec} with {@code threads} OpenMP threads waiting
     * passively, and reads the one JSON line it prints; empty, with the reason printed, when it fails.
     */
    static Optional<JsonNode> runScript(String script, Map<String, Object> spec, int threads) throws Exception {
        // Passive waiting: on this 2-core machine 2 spinning OpenMP threads measured 3x slower than passive ones.
        ProcessBuilder pb = new ProcessBuilder(PYTHON, script, JSON.writeValueAsString(spec));
        pb.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
        pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        Path out = Files.createTempFile("sparkfit-bench-pytorch", ".json");
        Process process = pb.redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0) {
            System.out.println("PyTorch: skipped (" + script + " failed; its error is above)");
            return Optional.empty();
        }
        return Optional.of(JSON.readTree(Files.readString(out, StandardCharsets.UTF_8)));
    }

    private static Optional<String> unsupported(JobConfig job) throws IOException, InterruptedException {
        if (!(job.data().train() instanceof IdxSourceConfig) || !(job.data().test() instanceof IdxSourceConfig)) {
            return Optional.of("the PyTorch script reads IDX data only");
        }
        if (!job.model().layers().stream().allMatch(l -> l instanceof Dense d
                && List.of("relu", "linear", "softmax").contains(d.activation()))) {
            return Optional.of("the PyTorch script builds dense relu/softmax networks only");
        }
        if (!List.of("rmsprop", "adam", "sgd").contains(job.compile().optimizer().name())) {
            return Optional.of("the PyTorch script knows rmsprop, adam and sgd");
        }
        return torchMissing();
    }

    /** Why PyTorch cannot run here, or empty. */
    static Optional<String> torchMissing() throws IOException, InterruptedException {
        Process probe = new ProcessBuilder(PYTHON, "-c", "import torch").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!probe.waitFor(2, TimeUnit.MINUTES) || probe.exitValue() != 0) {
            return Optional.of("python3-torch is not installed; scripts/bench installs it from Debian where it can");
        }
        return Optional.empty();
    }
}
