package org.sparkfit.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkfit.driver.config.JobConfig;
import org.sparkfit.driver.model.LayerPlan;
import org.sparkfit.driver.model.NetworkPlan;
import org.sparkfit.driver.model.NetworkPlanner;

/**
 * A job's layers planned as sparkfit plans them and built by DL4J, to check a layer's plan against what DL4J makes
 * of it: the same parameter count, and the same number of values per example out of every layer.
 */
public final class PlannedNetwork {
    private PlannedNetwork() {
    }

    /** A job of {@code model.input} {@code input} and {@code layers} (a YAML list) with loss {@code loss}. */
    public static JobConfig job(String input, String layers, String loss) {
        return Jobs.parse("""
                data:
                  train: {format: csv, path: a.csv}
                  test: {format: csv, path: b.csv}
                model: {input: %s, layers: %s}
                compile: {loss: %s}
                """.formatted(input, layers, loss));
    }

    /**
     * Plans {@code job}, builds its network, and checks both against each other on a mini-batch of 3 random
     * examples.
     *
     * @return the plan
     */
    public static NetworkPlan assertBuildsAsPlanned(JobConfig job) {
        NetworkPlan plan = NetworkPlanner.plan(job);
        MultiLayerNetwork net = new MultiLayerNetwork(plan.toConfiguration(job));
        net.init();
        assertEquals(plan.totalParams(), net.numParams(), "parameters, planned and built");
        INDArray input = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 3, plan.inputWidth());
        List<INDArray> activations = net.feedForward(input, false);
        List<LayerPlan> built = new ArrayList<>();
        for (LayerPlan layer : plan.layers()) {
            if (layer.dl4j() != null) {
                built.add(layer);
            }
        }
        assertEquals(built.size() + 1, activations.size(), "one activation per DL4J layer, after the input");
        for (int i = 0; i < built.size(); i++) {
            assertEquals(built.get(i).output().width(), activations.get(i + 1).length() / 3,
                    built.get(i).name() + ": values per example, planned " + built.get(i).output());
        }
        return plan;
    }
}
