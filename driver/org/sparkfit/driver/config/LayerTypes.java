package org.sparkfit.driver.config;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.sparkfit.driver.model.Names;

/**
 * The Keras layer types sparkfit builds, and for Keras layers DL4J lacks, the nearest one it has: a job naming
 * one is told what to use instead.
 */
final class LayerTypes {
    /** Every type name {@link LayerConfig} binds, read from its own annotation so the two cannot drift apart. */
    static final List<String> KNOWN = Arrays.stream(LayerConfig.class.getAnnotation(JsonSubTypes.class).value())
            .flatMap(t -> t.names().length > 0 ? Arrays.stream(t.names()) : java.util.stream.Stream.of(t.name()))
            .toList();

    private static final Map<String, String> NEAREST = Map.of(
            "gru", "DL4J 1.0.0-M2.1 has no GRU layer; use lstm, which takes the same units and return_sequences",
            "conv1d", "sparkfit has no conv1d; treat the sequence as a one-row image ([1, steps, features]) with "
                    + "conv2d, or use lstm",
            "max_pooling1d", "sparkfit has no 1-D pooling; use global_average_pooling1d, or max_pooling2d on a "
                    + "one-row image",
            "layer_normalization", "DL4J 1.0.0-M2.1 has no layer normalization; use batch_normalization",
            "bidirectional", "sparkfit has no bidirectional wrapper; use lstm",
            "separable_conv2d", "sparkfit has no separable convolution; use conv2d",
            "text_vectorization", "text is vectorized by the data source, not a layer: set data.train.format: text "
                    + "with vectorization multi_hot or sequence (docs/CONFIG.md)");

    private LayerTypes() {
    }

    /** The message for a layer whose {@code type} is missing or not one sparkfit builds. */
    static String unknown(String type) {
        if (type == null) {
            return "missing layer type; sparkfit knows: " + String.join(", ", KNOWN);
        }
        if (NEAREST.containsKey(type)) {
            return "layer type '" + type + "' is not available: " + NEAREST.get(type);
        }
        return "unknown layer type '" + type + "'" + Names.suggestion(type, KNOWN) + "; sparkfit knows: "
                + String.join(", ", KNOWN);
    }
}
