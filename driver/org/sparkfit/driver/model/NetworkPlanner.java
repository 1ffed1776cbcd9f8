package org.sparkfit.driver.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sparkfit.driver.config.ConfigException;
import org.sparkfit.driver.config.DenseLayerConfig;
import org.sparkfit.driver.config.DropoutLayerConfig;
import org.sparkfit.driver.config.FlattenLayerConfig;
import org.sparkfit.driver.config.JobConfig;
import org.sparkfit.driver.config.LayerConfig;
import org.sparkfit.worker.Task;

/**
 * Walks the layer stack from the input shape as Keras does: each layer must fit the shape before it, gets
 * Keras' automatic name and parameter count, and the last layer must fit the loss.
 */
public final class NetworkPlanner {
    private NetworkPlanner() {
    }

    public static NetworkPlan plan(JobConfig job) {
        int[] shape = job.model().input().stream().mapToInt(Integer::intValue).toArray();
        if (shape.length > 3) {
            throw new ConfigException("model.input", "has " + shape.length + " dimensions; sparkfit takes a "
                    + "flat input [features] or an image [height, width] / [height, width, channels]");
        }
        int[] input = shape;
        Map<String, Integer> seen = new HashMap<>();
        List<LayerPlan> plans = new ArrayList<>();
        List<LayerConfig> layers = job.model().layers();
        for (int i = 0; i < layers.size(); i++) {
            LayerPlan plan = plan("model.layers[" + i + "]", layers.get(i), shape, seen);
            plans.add(plan);
            shape = plan.outputShape();
        }
        int lastIndex = layers.size() - 1;
        if (!(layers.get(lastIndex) instanceof DenseLayerConfig last)) {
            throw new ConfigException("model.layers[" + lastIndex + "]", "the last layer must be dense: it makes "
                    + "the predictions the loss compares with the labels");
        }
        Task task = Losses.task(job.compile().loss(), last.activation(), last.units());
        Losses.checkMetrics(job.compile().metrics(), task);
        return new NetworkPlan(input, plans, task);
    }

    private static LayerPlan plan(String key, LayerConfig layer, int[] in, Map<String, Integer> seen) {
        if (layer instanceof DenseLayerConfig dense) {
            if (in.length != 1) {
                throw new ConfigException(key, "dense takes a flat input but gets shape " + shape(in)
                        + "; add {type: flatten} before it");
            }
            long params = (long) in[0] * dense.units() + (dense.useBias() ? dense.units() : 0);
            return new LayerPlan(name(layer, "dense", seen), "Dense", new int[] {dense.units()}, params, layer);
        }
        if (layer instanceof DropoutLayerConfig) {
            return new LayerPlan(name(layer, "dropout", seen), "Dropout", in, 0, layer);
        }
        if (layer instanceof FlattenLayerConfig) {
            int width = 1;
            for (int d : in) {
                width *= d;
            }
            return new LayerPlan(name(layer, "flatten", seen), "Flatten", new int[] {width}, 0, layer);
        }
        throw new IllegalStateException("unplanned layer " + layer);
    }

    private static String name(LayerConfig layer, String base, Map<String, Integer> seen) {
        int n = seen.merge(base, 1, Integer::sum) - 1;
        if (layer.name() != null) {
            return layer.name();
        }
        return n == 0 ? base : base + "_" + n;
    }

    private static String shape(int[] dims) {
        return java.util.Arrays.toString(dims);
    }
}
