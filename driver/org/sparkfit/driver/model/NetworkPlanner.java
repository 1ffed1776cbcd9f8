package org.sparkfit.driver.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sparkfit.driver.config.AttentionLayerConfig;
import org.sparkfit.driver.config.BatchNormalizationLayerConfig;
import org.sparkfit.driver.config.ConfigException;
import org.sparkfit.driver.config.Conv2DLayerConfig;
import org.sparkfit.driver.config.DenseLayerConfig;
import org.sparkfit.driver.config.DropoutLayerConfig;
import org.sparkfit.driver.config.EmbeddingLayerConfig;
import org.sparkfit.driver.config.FlattenLayerConfig;
import org.sparkfit.driver.config.GlobalPoolingLayerConfig;
import org.sparkfit.driver.config.JobConfig;
import org.sparkfit.driver.config.LayerConfig;
import org.sparkfit.driver.config.PoolingLayerConfig;
import org.sparkfit.driver.config.RecurrentLayerConfig;
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
        List<LayerConfig> layers = job.model().layers();
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
        if (!(layers.get(lastIndex) instanceof DenseLayerConfig last)) {
            throw new ConfigException("model.layers[" + lastIndex + "]", "the last layer must be dense: it makes "
                    + "the predictions the loss compares with the labels");
        }
        Task task = Losses.task(job.compile().loss(), last.activation(), last.units());
        Metrics.check(job.compile().metrics(), task);
        return new NetworkPlan(dims, input, plans, task);
    }

    /** Reads model.input as the first layer that cares about the kind of data takes it. */
    private static Shape inputShape(int[] dims, List<LayerConfig> layers) {
        LayerConfig first = layers.stream().filter(l -> !(l instanceof DropoutLayerConfig)).findFirst()
                .orElse(layers.get(0));
        if (first instanceof EmbeddingLayerConfig && dims.length == 1) {
            return new Shape(Shape.Kind.TOKENS, dims);
        }
        if (dims.length == 2 && (first instanceof RecurrentLayerConfig || first instanceof AttentionLayerConfig
                || first instanceof GlobalPoolingLayerConfig global && global.overTime())) {
            return new Shape(Shape.Kind.SEQUENCE, dims);
        }
        return switch (dims.length) {
            case 1 -> new Shape(Shape.Kind.FLAT, dims);
            case 2 -> new Shape(Shape.Kind.IMAGE, new int[] {dims[0], dims[1], 1});
            default -> new Shape(Shape.Kind.IMAGE, dims);
        };
    }

    private static LayerPlan plan(String key, LayerConfig layer, Shape in, boolean first, Map<String, Integer> seen) {
        if (layer instanceof DenseLayerConfig dense) {
            requireFlat(key, "dense", in);
            long params = (long) in.width() * dense.units() + (dense.useBias() ? dense.units() : 0);
            return plan(layer, "dense", "Dense", in, Shape.flat(dense.units()), params, 0, seen);
        }
        if (layer instanceof DropoutLayerConfig) {
            return plan(layer, "dropout", "Dropout", in, in, 0, 0, seen);
        }
        if (layer instanceof FlattenLayerConfig) {
            return plan(layer, "flatten", "Flatten", in, Shape.flat(in.width()), 0, 0,
                    seen);
        }
        if (layer instanceof Conv2DLayerConfig conv) {
            return plan(layer, "conv2d", "Conv2D", in, ImageShapes.conv(key, conv, in),
                    ImageShapes.convParams(conv, in), 0, seen);
        }
        if (layer instanceof PoolingLayerConfig pool) {
            return plan(layer, pool.type(),
                    pool.max() ? "MaxPooling2D" : "AveragePooling2D", in, ImageShapes.pool(key, pool, in), 0, 0, seen);
        }
        if (layer instanceof GlobalPoolingLayerConfig global) {
            boolean overTime = global.overTime();
            requireKind(key, global.type(), in, overTime ? Shape.Kind.SEQUENCE : Shape.Kind.IMAGE, overTime
                    ? "a sequence [timesteps, features]; for an image use global_average_pooling2d"
                    : "an image [height, width, channels]; for a sequence use global_average_pooling1d");
            return plan(layer, global.type(), overTime ? "GlobalAveragePooling1D" : "GlobalAveragePooling2D", in,
                    Shape.flat(in.last()), 0, 0, seen);
        }
        if (layer instanceof BatchNormalizationLayerConfig) {
            if (in.kind() != Shape.Kind.FLAT && in.kind() != Shape.Kind.IMAGE) {
                throw new ConfigException(key, "batch_normalization takes a flat input or an image, but gets "
                        + "the sequence " + in + "; DL4J normalizes no sequences, so put it after a "
                        + "recurrent layer without return_sequences, or after global_average_pooling1d");
            }
            long features = in.last();
            return plan(layer, "batch_normalization", "BatchNormalization", in, in, 4 * features,
                    2 * features, seen);
        }
        if (layer instanceof EmbeddingLayerConfig embedding) {
            if (!first || in.kind() != Shape.Kind.TOKENS) {
                throw new ConfigException(key, "embedding takes word indices, so it must be the first layer, "
                        + "with model.input [sequence_length]" + (first ? ", but model.input is " + in : ""));
            }
            return plan(layer, "embedding", "Embedding", in,
                    new Shape(Shape.Kind.SEQUENCE, new int[] {in.dims()[0], embedding.outputDim()}),
                    (long) embedding.inputDim() * embedding.outputDim(), 0, seen);
        }
        if (layer instanceof RecurrentLayerConfig rnn) {
            boolean lstm = rnn.lstm();
            String type = rnn.type();
            requireKind(key, type, in, Shape.Kind.SEQUENCE, "a sequence [timesteps, features]: set "
                    + "model.input to [timesteps, features], or put an embedding first");
            int units = rnn.units();
            long params = (lstm ? 4L : 1L) * ((long) in.last() * units + (long) units * units + units);
            Shape out = rnn.returnSequences() ? new Shape(Shape.Kind.SEQUENCE, new int[] {in.dims()[0], units})
                    : Shape.flat(units);
            return plan(layer, type, lstm ? "LSTM" : "SimpleRNN", in, out, params, 0, seen);
        }
        if (layer instanceof AttentionLayerConfig attention) {
            requireKind(key, "multi_head_attention", in, Shape.Kind.SEQUENCE, "a sequence [timesteps, "
                    + "features]");
            long projected = (long) attention.numHeads() * attention.keyDim();
            return plan(layer, "multi_head_attention", "MultiHeadAttention", in, in,
                    4 * projected * in.last(), 0, seen);
        }
        throw new IllegalStateException("unplanned layer " + layer);
    }

    private static void requireFlat(String key, String type, Shape in) {
        if (in.kind() != Shape.Kind.FLAT && in.kind() != Shape.Kind.TOKENS) {
            String fix = in.kind() == Shape.Kind.SEQUENCE ? "set return_sequences: false on the recurrent layer "
                    + "before it, or add {type: global_average_pooling1d} or {type: flatten}"
                    : "add {type: flatten} or {type: global_average_pooling2d} before it";
            throw new ConfigException(key, type + " takes a flat input but gets shape " + in + "; " + fix);
        }
    }

    private static void requireKind(String key, String type, Shape in, Shape.Kind kind, String what) {
        if (in.kind() != kind) {
            throw new ConfigException(key, type + " takes " + what + ", but gets shape " + in);
        }
    }

    private static LayerPlan plan(LayerConfig layer, String base, String kerasClass, Shape in, Shape out,
                                  long params, long nonTrainable, Map<String, Integer> seen) {
        int n = seen.merge(base, 1, Integer::sum) - 1;
        String name = layer.name() != null ? layer.name() : n == 0 ? base : base + "_" + n;
        return new LayerPlan(name, kerasClass, in, out, params, nonTrainable, layer);
    }
}
