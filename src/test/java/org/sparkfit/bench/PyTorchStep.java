package org.sparkfit.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sparkfit.driver.config.JobConfig;
import org.sparkfit.driver.layers.Conv2D;
import org.sparkfit.driver.layers.Dense;
import org.sparkfit.driver.layers.Dropout;
import org.sparkfit.driver.layers.Flatten;
import org.sparkfit.driver.layers.KerasLayer;
import org.sparkfit.driver.layers.Pooling2D;

/**
 * PyTorch's mini-batch of a job's network on one thread, for the local-step rows of {@code scripts/bench}: runs
 * {@code scripts/bench_pytorch_step.py} (Debian's python3-torch) on the job's layers (dense, conv2d, pooling,
 * flatten, dropout as PyTorch's Linear, Conv2d, MaxPool2d/AvgPool2d, Flatten, Dropout), optimizer and batch size.
 */
public final class PyTorchStep {
    private PyTorchStep() {
    }

    /** The row label and the median milliseconds per mini-batch, or empty with the reason printed. */
    public static Optional<Map.Entry<String, Double>> msPerBatch(JobConfig job, int steps, int repeats)
            throws Exception {
        Optional<String> missing = PyTorchBaseline.torchMissing();
        List<Map<String, Object>> layers = new ArrayList<>();
        for (KerasLayer layer : job.model().layers()) {
            Map<String, Object> described = describe(layer);
            if (described == null) {
                missing = Optional.of("the PyTorch step script has no twin of " + layer.getClass().getSimpleName());
            }
            layers.add(described);
        }
        if (!List.of("rmsprop", "adam", "sgd").contains(job.compile().optimizer().name())) {
            missing = Optional.of("the PyTorch step script knows rmsprop, adam and sgd");
        }
        if (missing.isPresent()) {
            System.out.println("PyTorch step: skipped (" + missing.get() + ")");
            return Optional.empty();
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("input", job.model().input());
        spec.put("layers", layers);
        spec.put("optimizer", job.compile().optimizer().name());
        spec.put("lr", job.compile().optimizer().learningRate());
        spec.put("batch", job.fit().batchSize());
        spec.put("seed", job.fit().seed());
        spec.put("steps", steps);
        spec.put("repeats", repeats);
        Optional<JsonNode> result = PyTorchBaseline.runScript("scripts/bench_pytorch_step.py", spec, 1);
        if (result.isEmpty()) {
            return Optional.empty();
        }
        double[] ms = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            ms[i] = result.get().path("ms_per_batch").get(i).asDouble();
        }
        Arrays.sort(ms);
        return Optional.of(Map.entry(PyTorchBaseline.label(result.get()) + " step", ms[repeats / 2]));
    }

    private static Map<String, Object> describe(KerasLayer layer) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (layer instanceof Dense d && List.of("relu", "linear", "softmax").contains(d.activation())) {
            out.put("type", "dense");
            out.put("units", d.units());
            out.put("activation", d.activation());
        } else if (layer instanceof Conv2D c && List.of("relu", "linear").contains(c.activation())) {
            out.put("type", "conv2d");
            out.put("filters", c.filters());
            out.put("kernel", pair(c.kernelSize()));
            out.put("stride", pair(c.strides()));
            out.put("padding", c.padding());
            out.put("activation", c.activation());
        } else if (layer instanceof Pooling2D p && p.type().endsWith("2d")) {
            out.put("type", p.type());
            out.put("pool", pair(p.poolSize()));
            out.put("stride", pair(p.strides()));
        } else if (layer instanceof Flatten) {
            out.put("type", "flatten");
        } else if (layer instanceof Dropout d) {
            out.put("type", "dropout");
            out.put("rate", d.rate());
        } else {
            return null;
        }
        return out;
    }

    /** Keras' one number or [height, width] as PyTorch takes it (a one-element list would be read as 1-D). */
    private static Object pair(List<Integer> sizes) {
        return sizes.size() == 1 ? sizes.get(0) : sizes;
    }
}
