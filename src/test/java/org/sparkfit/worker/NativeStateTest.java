package org.sparkfit.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.sparkfit.testing.Jobs;

/**
 * A network's state read and written where it lies has {@link FlatState}'s order, also in ranges that cross from
 * the parameters into the optimizer's state, and its fingerprint.
 */
class NativeStateTest {

    private static MultiLayerNetwork network(String optimizer) {
        MultiLayerNetwork net = new MultiLayerNetwork(Jobs.network("{input: [6], layers: [{type: dense, units: 4, "
                + "activation: relu}, {type: dense, units: 3, activation: softmax}]}", optimizer, 8));
        net.init();
        return net;
    }

    @Test
    void rangesReadAndWriteTheFlatStateAcrossParametersAndOptimizer() {
        MultiLayerNetwork net = network("{name: adam}");
        NativeState state = NativeState.of(net);
        float[] flat = FlatState.of(net);
        assertEquals(flat.length, state.length());
        int params = Math.toIntExact(net.numParams());
        float[] read = new float[20];
        state.get(params - 5, params + 10, read, 3);
        assertArrayEquals(Arrays.copyOfRange(flat, params - 5, params + 10), Arrays.copyOfRange(read, 3, 18));

        float[] values = new float[30];
        for (int i = 0; i < values.length; i++) {
            values[i] = i + 0.5f;
            flat[params - 12 + i] = values[i];
        }
        state.put(params - 12, params + 18, values, 0);
        assertArrayEquals(flat, FlatState.of(net));
        assertEquals(11.5f, net.params().getFloat(params - 1));
        assertEquals(12.5f, net.getUpdater().getStateViewArray().getFloat(0));
    }

    @Test
    void itsFingerprintIsTheFlatStatesOverManyRuns() {
        MultiLayerNetwork net = new MultiLayerNetwork(Jobs.network("{input: [300], layers: [{type: dense, units: 20, "
                + "activation: relu}, {type: dense, units: 3, activation: softmax}]}", "{name: adam}", 8));
        net.init();
        float[] flat = FlatState.of(net);
        assertTrue(flat.length > 3 * 4096, "several runs of the fingerprint's buffer: " + flat.length);
        assertEquals(FlatState.fingerprint(flat), NativeState.of(net).fingerprint());
        net.params().putScalar(flat.length / 4, 0.125f);
        assertNotEquals(FlatState.fingerprint(flat), NativeState.of(net).fingerprint());
    }

    @Test
    void anOptimizerWithoutStateLeavesTheParameters() {
        MultiLayerNetwork net = network("{name: sgd, learning_rate: 0.1}");
        NativeState state = NativeState.of(net);
        assertEquals(net.numParams(), state.length());
        float[] ones = new float[state.length()];
        Arrays.fill(ones, 1f);
        state.put(0, state.length(), ones, 0);
        assertArrayEquals(ones, FlatState.of(net));
    }
}
