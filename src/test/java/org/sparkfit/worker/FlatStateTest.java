package org.sparkfit.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.sparkfit.testing.Jobs;

/**
 * A network's flat state round-trips, and its fingerprint tells states apart by their exact bits.
 */
class FlatStateTest {

    private static MultiLayerNetwork network() {
        MultiLayerNetwork net = new MultiLayerNetwork(Jobs.network("{input: [6], layers: [{type: dense, units: 4, "
                + "activation: relu}, {type: dense, units: 3, activation: softmax}]}", "{name: adam}", 8));
        net.init();
        return net;
    }

    @Test
    void aStateLoadedIntoAnotherNetworkComesBackBitForBit() {
        float[] state = FlatState.of(network());
        assertEquals(2 * (6 * 4 + 4 + 4 * 3 + 3) + 6 * 4 + 4 + 4 * 3 + 3, state.length);
        Random random = new Random(3);
        for (int i = 0; i < state.length; i++) {
            state[i] = random.nextFloat() - 0.5f;
        }
        MultiLayerNetwork target = network();
        FlatState.apply(state, target);
        assertArrayEquals(state, FlatState.of(target));
        assertEquals(FlatState.fingerprint(state), FlatState.fingerprint(FlatState.of(target)));
    }

    @Test
    void theFingerprintChangesWithAnyBitOfAnyValueAndWithTheLength() {
        float[] state = new float[1000];
        Random random = new Random(7);
        for (int i = 0; i < state.length; i++) {
            state[i] = random.nextFloat();
        }
        Set<Long> seen = new HashSet<>();
        seen.add(FlatState.fingerprint(state));
        for (int i = 0; i < state.length; i += 37) {
            for (int bit = 0; bit < 32; bit += 5) {
                float[] changed = state.clone();
                changed[i] = Float.intBitsToFloat(Float.floatToRawIntBits(changed[i]) ^ (1 << bit));
                seen.add(FlatState.fingerprint(changed));
            }
        }
        assertEquals(1 + 28 * 7, seen.size());
        assertNotEquals(FlatState.fingerprint(new float[] {0f}), FlatState.fingerprint(new float[] {-0f}));
        assertNotEquals(FlatState.fingerprint(new float[2]), FlatState.fingerprint(new float[3]));
        float[] swapped = state.clone();
        swapped[0] = state[1];
        swapped[1] = state[0];
        assertNotEquals(FlatState.fingerprint(state), FlatState.fingerprint(swapped));
    }
}
