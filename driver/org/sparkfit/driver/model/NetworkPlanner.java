package org.sparkfit.driver.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sparkfit.driver.ConfigException;
import org.sparkfit.driver.config.JobConfig;
import org.sparkfit.driver.keras.Losses;
import org.sparkfit.driver.keras.Metrics;
import org.sparkfit.driver.layers.Dense;
import org.sparkfit.driver.layers.KerasLayer;
import org.sparkfit.driver.layers.Shape;
import org.sparkfit.worker.Task;

/**
 * Walks the layer stack from the input shape as Keras does: each layer must fit the shape before it, gets
 * Keras' automatic name and parameter count, and the last layer must fit the loss.
 */
public final class NetworkPlanner {
    private NetworkPlanner() {
    }

    public static NetworkPlan plan(JobConfig job) {
        int[] dims = job.model().input().stream().mapToInt(Integer::intValue).toArray();
        if (dims.length > 3) {
            throw new ConfigException("model.input", "has " + dims.length + " dimensions; sparkfit takes a "
                    + "flat input [features], a sequence [timesteps, features] or an image [height, width] / "
                    + "[height, width, channels]");
        }
        List<KerasLayer> layers = job.model().layers();
        Shape input = inputShape(dims, layers);
        Shape shape = input;
        Map<String, Integer> seen = new HashMap<>();
        List<LayerPlan> plans = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            LayerPlan plan = plan("model.layers[" + i + "]", layers.get(i), shape, i == 0, seen);
            plans.add(plan);
            shape = plan.output();
        }
        int lastIndex = layers.size() - 1;
        if (!(layers.get(lastIndex) instanceof Dense last)) {
            throw new ConfigException("model.layers[" + lastIndex + "]", "the last layer must be dense: it makes "
                    + "the predictions the loss compares with the labels");
        }
        Task task = Losses.task(job.compile().loss(), last.activation(), last.units());
        Metrics.check(job.compile().metrics(), task);
        return new NetworkPlan(dims, input, plans, task);
    }

    /** Reads model.input as the first layer that cares about the kind of data takes it. */
    private static Shape inputShape(int[] dims, List<KerasLayer> layers) {
        KerasLayer first = layers.stream().filter(l -> !l.passesInputOn()).findFirst().orElse(layers.get(0));
        Shape.Kind kind = first.readsInputAs(dims.length);
        if (kind != null) {
            return new Shape(kind, dims);
        }
        return switch (dims.length) {
            case 1 -> new Shape(Shape.Kind.FLAT, dims);
            case 2 -> new Shape(Shape.Kind.IMAGE, new int[] {dims[0], dims[1], 1});
            default -> new Shape(Shape.Kind.IMAGE, dims);
        };
    }

    /** The layer's plan: its shapes and parameters, and its own name or Keras' automatic one (dense, dense_1). */
    private static LayerPlan plan(String key, KerasLayer layer, Shape in, boolean first, Map<String, Integer> seen) {
        Shape out = layer.output(key, in, first);
        int n = seen.merge(layer.type(), 1, Integer::sum) - 1;
        String name = layer.name() != null ? layer.name() : n == 0 ? layer.type() : layer.type() + "_" + n;
        return new LayerPlan(name, layer.kerasClass(), in, out, layer.params(in), layer.nonTrainable(in), layer);
    }
}
