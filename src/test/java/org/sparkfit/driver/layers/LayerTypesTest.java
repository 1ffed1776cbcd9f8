package org.sparkfit.driver.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparkfit.driver.config.JobConfig;
import org.sparkfit.driver.config.JobConfigLoader;
import org.sparkfit.driver.model.NetworkPlan;
import org.sparkfit.testing.PlannedNetwork;

/**
 * The layer classes are found in their package with no list kept by hand, each under its Keras names, with Keras'
 * setting names for the import of a saved model; and every one of them plans, builds and round-trips through YAML.
 */
class LayerTypesTest {

    @Test
    void everyLayerClassIsFoundUnderItsTypes() {
        List<String> known = LayerTypes.known();
        assertTrue(known.containsAll(List.of("average_pooling2d", "batch_normalization", "conv2d", "dense", "dropout",
                "embedding", "flatten", "global_average_pooling1d", "global_average_pooling2d", "lstm",
                "max_pooling2d", "multi_head_attention", "simple_rnn")), known.toString());
        assertEquals(known.stream().sorted().distinct().toList(), known);
        assertEquals(known.size(), LayerTypes.named().length);
    }

    @Test
    void kerasClassesMapToTypesAndLayersDl4jLacksToTheirAdvice() {
        assertEquals("max_pooling2d", LayerTypes.ofKerasClass("MaxPooling2D"));
        assertEquals("simple_rnn", LayerTypes.ofKerasClass("SimpleRNN"));
        assertEquals("gru", LayerTypes.ofKerasClass("GRU"), "bound, then refused with the advice");
        assertEquals("layer_normalization", LayerTypes.ofKerasClass("LayerNormalization"));
        assertNull(LayerTypes.ofKerasClass("Cropping3D"));
        assertEquals("layer type 'gru' is not available: DL4J 1.0.0-M2.1 has no GRU layer; use lstm, which takes the "
                + "same units and return_sequences", LayerTypes.unknown("gru"));
        assertTrue(LayerTypes.unknown(null).startsWith("missing layer type; sparkfit knows: "));
    }

    @Test
    void settingsAreTheRecordsKerasNames() {
        assertEquals(List.of("units", "activation", "use_bias", "kernel_initializer", "kernel_regularizer"),
                LayerTypes.settings("dense"));
        assertEquals(List.of("input_dim", "output_dim", "embeddings_initializer", "embeddings_regularizer"),
                LayerTypes.settings("embedding"));
        assertEquals(List.of("pool_size", "strides", "padding"), LayerTypes.settings("average_pooling2d"));
        assertEquals(List.of(), LayerTypes.settings("flatten"));
        assertEquals(List.of(), LayerTypes.settings("gru"), "a Keras layer sparkfit lacks takes none");
    }

    @Test
    void eachLayerPlansBuildsAndRoundTripsWithItsTypeAndKerasName() {
        for (String stack : List.of(
                "[28, 28, 1] | [{type: conv2d, filters: 4, kernel_size: 3}, {type: batch_normalization},"
                        + " {type: max_pooling2d}, {type: average_pooling2d, pool_size: 1},"
                        + " {type: global_average_pooling2d}, {type: dropout, rate: 0.5}, {type: dense, units: 1}]",
                "[6, 4] | [{type: simple_rnn, units: 3, return_sequences: true},"
                        + " {type: multi_head_attention, num_heads: 2, key_dim: 2}, {type: global_average_pooling1d},"
                        + " {type: dense, units: 1}]",
                "[7] | [{type: embedding, input_dim: 9, output_dim: 3}, {type: lstm, units: 4}, {type: flatten},"
                        + " {type: dense, units: 1}]")) {
            String[] parts = stack.split(" \\| ");
            JobConfig job = PlannedNetwork.job(parts[0], parts[1], "mse");
            NetworkPlan plan = PlannedNetwork.assertBuildsAsPlanned(job);
            for (var layer : plan.layers()) {
                assertTrue(layer.name().startsWith(layer.config().type()), layer.name());
                assertEquals(layer.config().type(), LayerTypes.ofKerasClass(layer.kerasClass()));
            }
            assertEquals(job, JobConfigLoader.parse(JobConfigLoader.toYaml(job), "again.yaml", List.of()));
        }
    }
}
