package org.sparkfit.worker.exchange;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.sparkfit.testing.Jobs;
import org.sparkfit.worker.FlatState;

/**
 * A round's end names the first weight that is not finite after averaging, and the loss before that; a finite state
 * comes back as the example-weighted average, in memory and over the ring (alone: itself, to the rounding of
 * scaling up and down); a worker that reaches the sum before the others counts its wait.
 */
class ParameterAveragingTest {
    private static final String MODEL = """
            input: [6]
            layers:
              - {type: dense, units: 5, activation: relu}
              - {type: dense, units: 3, activation: softmax}
            """;

    /** Parameters and RMSProp state over several of the runs the averages are taken in, ending inside one. */
    private static final String WIDE_MODEL = """
            input: [100]
            layers:
              - {type: dense, units: 50, activation: relu}
              - {type: dense, units: 3, activation: softmax}
            """;

    private static MultiLayerNetwork network() {
        return network(MODEL);
    }

    private static MultiLayerNetwork network(String model) {
        MultiLayerNetwork net = new MultiLayerNetwork(Jobs.network(model, "{name: rmsprop, learning_rate: 0.01}", 8));
        net.init();
        return net;
    }

    @Test
    void aFiniteStateComesBackAveragedWithNoDivergence() {
        MultiLayerNetwork net = network();
        float[] before = FlatState.of(net);
        Exchange.RoundTotals totals = new ParameterAveraging(Collective.alone()).endRound(net, 8, 4.0);
        assertNull(totals.divergence());
        assertEquals(8, totals.examples());
        assertEquals(4.0, totals.lossSum(), 1e-6);
        assertArrayEquals(before, FlatState.of(net), 1e-6f);
    }

    @Test
    void eachAverageIsTheWeightedSumDividedInDoublePrecisionToTheBit() throws Exception {
        long[] examples = {1280, 771};
        List<float[]> states = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(11);
        for (long ignored : examples) {
            float[] state = FlatState.of(network(WIDE_MODEL));
            for (int i = 0; i < state.length; i++) {
                state[i] = (float) ((random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(-30, 30)));
            }
            states.add(state);
        }
        Function<Collective, float[]> worker = collective -> {
            MultiLayerNetwork net = network(WIDE_MODEL);
            FlatState.apply(states.get(collective.rank()), net);
            new ParameterAveraging(collective).endRound(net, examples[collective.rank()], 1.0);
            return FlatState.of(net);
        };
        List<float[]> averaged = new ArrayList<>(TaskThreads.inProcess(2, Duration.ofSeconds(30), worker));
        averaged.addAll(TaskThreads.ring(2, Duration.ofSeconds(30), worker));
        long total = examples[0] + examples[1];
        float[] expected = new float[states.get(0).length];
        for (int i = 0; i < expected.length; i++) {
            float sum = states.get(0)[i] * (float) examples[0] + states.get(1)[i] * (float) examples[1];
            expected[i] = (float) (sum * (1.0 / total));
        }
        for (float[] state : averaged) {
            assertArrayEquals(expected, state);
        }
    }

    @Test
    void theFirstWeightThatIsNotFiniteIsNamed() {
        for (float bad : new float[] {Float.POSITIVE_INFINITY, Float.NaN, Float.NEGATIVE_INFINITY}) {
            MultiLayerNetwork net = network();
            net.params().putScalar(7, bad);
            net.params().putScalar(9, 1e30f);
            Exchange.RoundTotals totals = new ParameterAveraging(Collective.alone()).endRound(net, 8, 4.0);
            assertEquals("a weight became " + bad, totals.divergence());
        }
    }

    @Test
    void aLossThatIsNotFiniteIsNamedBeforeTheWeights() {
        MultiLayerNetwork net = network();
        net.params().putScalar(3, Float.NaN);
        Exchange.RoundTotals totals = new ParameterAveraging(Collective.alone()).endRound(net, 8,
                Double.POSITIVE_INFINITY);
        assertEquals("the loss is Infinity", totals.divergence());
    }

    @Test
    void aWorkerThatArrivesFirstCountsItsWaitForTheLast() throws Exception {
        long[] arrivesAfterMillis = {0, 400, 200};
        List<Exchange.RoundTotals> rounds = TaskThreads.inProcess(3, Duration.ofSeconds(30), collective -> {
            MultiLayerNetwork net = network();
            ParameterAveraging exchange = new ParameterAveraging(collective);
            try {
                Thread.sleep(arrivesAfterMillis[collective.rank()]);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return exchange.endRound(net, 8, 4.0);
        });
        assertEquals(24, rounds.get(0).examples());
        assertTrue(rounds.get(0).waitNanos() > 300_000_000L, "the first waited for the last: " + rounds);
        assertTrue(rounds.get(0).waitNanos() > rounds.get(2).waitNanos(), rounds.toString());
        assertTrue(rounds.get(2).waitNanos() > rounds.get(1).waitNanos(), rounds.toString());
        assertTrue(rounds.get(1).waitNanos() < 1_000, "the last waited for nobody: " + rounds);
    }

    @Test
    void aRoundIsTimedFromTheSumBeforeSoWorkBetweenRoundsCountsAsTheOthersWait() throws Exception {
        List<Exchange.RoundTotals> seconds = TaskThreads.inProcess(2, Duration.ofSeconds(30), collective -> {
            MultiLayerNetwork net = network();
            ParameterAveraging exchange = new ParameterAveraging(collective);
            exchange.endRound(net, 8, 4.0);
            try {
                // rank 1 scores the epoch before for longer, say, before it fits its first round
                Thread.sleep(collective.rank() == 1 ? 400 : 0);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return exchange.endRound(net, 8, 4.0);
        });
        assertTrue(seconds.get(0).waitNanos() > 300_000_000L, "rank 0 waited for rank 1: " + seconds);
        assertTrue(seconds.get(1).waitNanos() < 1_000, "rank 1 waited for nobody: " + seconds);
    }
}
