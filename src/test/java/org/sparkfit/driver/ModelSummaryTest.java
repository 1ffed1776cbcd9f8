package org.sparkfit.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.sparkfit.driver.config.JobConfig;
import org.sparkfit.driver.model.LayerPlan;
import org.sparkfit.driver.model.ModelSummary;
import org.sparkfit.driver.model.NetworkPlan;
import org.sparkfit.driver.model.NetworkPlanner;
import org.sparkfit.testing.PlannedNetwork;

/** The course's networks get Keras' exact parameter counts, and DL4J builds exactly that many. */
class ModelSummaryTest {

    private static long dl4jParams(JobConfig job, NetworkPlan plan) {
        MultiLayerNetwork net = new MultiLayerNetwork(plan.toConfiguration(job));
        net.init();
        return net.numParams();
    }

    @Test
    void fourTenOneHas61Params() {
        JobConfig job = PlannedNetwork.job("[4]", "[{type: dense, units: 10, activation: relu}, "
                + "{type: dense, units: 1, activation: sigmoid}]", "binary_crossentropy");
        NetworkPlan plan = NetworkPlanner.plan(job);
        assertEquals(61, plan.totalParams());
        assertEquals(61, dl4jParams(job, plan));
    }

    @Test
    void mnistDenseNetworkPrintsKerasTable() {
        JobConfig job = PlannedNetwork.job("[28, 28]", "[{type: flatten}, {type: dense, units: 64, activation: relu}, "
                + "{type: dropout, rate: 0.2}, {type: dense, units: 64, activation: relu}, "
                + "{type: dense, units: 10, activation: softmax}]", "sparse_categorical_crossentropy");
        NetworkPlan plan = NetworkPlanner.plan(job);
        assertEquals(55_050, dl4jParams(job, plan));
        String line = "_".repeat(65);
        assertEquals("""
                Model: "sparkfit"
                %1$s
                 Layer (type)                Output Shape              Param #
                %2$s
                 flatten (Flatten)           (None, 784)               0
                %1$s
                 dense (Dense)               (None, 64)                50240
                %1$s
                 dropout (Dropout)           (None, 64)                0
                %1$s
                 dense_1 (Dense)             (None, 64)                4160
                %1$s
                 dense_2 (Dense)             (None, 10)                650
                %2$s
                Total params: 55,050
                Trainable params: 55,050
                Non-trainable params: 0
                %1$s
                """.formatted(line, "=".repeat(65)), ModelSummary.format("sparkfit", plan));
    }

    /** Conv2D: kh*kw*in_channels*filters + filters; pooling and flatten none; BatchNormalization 4 per channel. */
    @Test
    void smallCnnHasKerasCounts() {
        JobConfig job = PlannedNetwork.job("[28, 28, 1]", """
                [{type: conv2d, filters: 32, kernel_size: 3, activation: relu},
                 {type: batch_normalization},
                 {type: max_pooling2d},
                 {type: conv2d, filters: 64, kernel_size: [3, 3], padding: same, activation: relu},
                 {type: average_pooling2d, pool_size: 2},
                 {type: flatten},
                 {type: dense, units: 10, activation: softmax}]""", "sparse_categorical_crossentropy");
        NetworkPlan plan = NetworkPlanner.plan(job);
        long conv = 3 * 3 * 1 * 32 + 32;                  // 320
        long norm = 4 * 32;                               // 128, of which 64 moving statistics
        long conv1 = 3 * 3 * 32 * 64 + 64;                // 18,496
        long dense = (6 * 6 * 64) * 10 + 10;              // 26 -> 13 -> 13 (same) -> 6: 23,050
        assertEquals(List.of(conv, norm, 0L, conv1, 0L, 0L, dense), paramCounts(plan));
        assertEquals("(None, 26, 26, 32) (None, 26, 26, 32) (None, 13, 13, 32) (None, 13, 13, 64) (None, 6, 6, 64) "
                + "(None, 2304) (None, 10)", shapes(plan));
        assertEquals(conv + norm + conv1 + dense, dl4jParams(job, plan));
        String table = ModelSummary.format("cnn", plan);
        assertTrue(table.contains(" conv2d (Conv2D)             (None, 26, 26, 32)        320\n"), table);
        assertTrue(table.contains(" batch_normalization         (None, 26, 26, 32)        128\n (BatchNormalization)\n"),
                table);
        assertTrue(table.contains("Total params: 41,994\nTrainable params: 41,930\nNon-trainable params: 64\n"),
                table);
    }

    /** Embedding: input_dim*output_dim; LSTM: 4*(in*units + units*units + units); SimpleRNN the same without 4. */
    @Test
    void embeddingAndRecurrentNetworkHasKerasCounts() {
        JobConfig job = PlannedNetwork.job("[80]", """
                [{type: embedding, input_dim: 10000, output_dim: 32},
                 {type: lstm, units: 32, return_sequences: true},
                 {type: simple_rnn, units: 16},
                 {type: dense, units: 1, activation: sigmoid}]""", "binary_crossentropy");
        NetworkPlan plan = NetworkPlanner.plan(job);
        long embedding = 10_000 * 32;                     // 320,000
        long lstm = 4 * (32 * 32 + 32 * 32 + 32);         // 8,320
        long rnn = 32 * 16 + 16 * 16 + 16;                // 784
        long dense = 16 + 1;
        assertEquals(List.of(embedding, lstm, rnn, dense), paramCounts(plan));
        assertEquals("(None, 80, 32) (None, 80, 32) (None, 16) (None, 1)", shapes(plan));
        assertEquals(embedding + lstm + rnn + dense, dl4jParams(job, plan));
    }

    /** The book's first embedding network: embedding, flatten, dense over the flattened sequence. */
    @Test
    void flattenedEmbeddingFeedsDense() {
        JobConfig job = PlannedNetwork.job("[20]", "[{type: embedding, input_dim: 10000, output_dim: 8}, "
                + "{type: flatten}, {type: dense, units: 1, activation: sigmoid}]", "binary_crossentropy");
        NetworkPlan plan = NetworkPlanner.plan(job);
        assertEquals(List.of(80_000L, 0L, 161L), paramCounts(plan));
        assertEquals(80_161, dl4jParams(job, plan));
    }

    /** A sequence input [timesteps, features] read by an LSTM, averaged over time, and self-attention's count. */
    @Test
    void timeSeriesAndAttentionCounts() {
        JobConfig job = PlannedNetwork.job("[24, 3]", """
                [{type: lstm, units: 8, return_sequences: true},
                 {type: multi_head_attention, num_heads: 2, key_dim: 4},
                 {type: global_average_pooling1d},
                 {type: dense, units: 1}]""", "mse");
        NetworkPlan plan = NetworkPlanner.plan(job);
        long lstm = 4 * (3 * 8 + 8 * 8 + 8);              // 384
        long attention = 4 * (2 * 4) * 8;                 // Wq, Wk, Wv: 8x8 each, Wo: 8x8; no biases
        assertEquals(List.of(lstm, attention, 0L, 9L), paramCounts(plan));
        assertEquals("(None, 24, 8) (None, 24, 8) (None, 8) (None, 1)", shapes(plan));
        assertEquals(lstm + attention + 9, dl4jParams(job, plan));
    }

    private static List<Long> paramCounts(NetworkPlan plan) {
        return plan.layers().stream().map(LayerPlan::params).toList();
    }

    private static String shapes(NetworkPlan plan) {
        return plan.layers().stream().map(LayerPlan::shapeText).collect(java.util.stream.Collectors.joining(" "));
    }
}
