package org.sparkfit.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.sparkfit.driver.config.JobConfig;
import org.sparkfit.driver.model.ModelSummary;
import org.sparkfit.driver.model.NetworkPlan;
import org.sparkfit.driver.model.NetworkPlanner;
import org.sparkfit.testing.Jobs;

/** The course's networks get Keras' exact parameter counts, and DL4J builds exactly that many. */
class ModelSummaryTest {

    private static JobConfig job(String input, String layers, String loss) {
        return Jobs.parse("""
                data:
                  train: {format: csv, path: a.csv}
                  test: {format: csv, path: b.csv}
                model: {input: %s, layers: %s}
                compile: {loss: %s}
                """.formatted(input, layers, loss));
    }

    private static long dl4jParams(JobConfig job, NetworkPlan plan) {
        MultiLayerNetwork net = new MultiLayerNetwork(plan.toConfiguration(job));
        net.init();
        return net.numParams();
    }

    @Test
    void fourTenOneHas61Params() {
        JobConfig job = job("[4]", "[{type: dense, units: 10, activation: relu}, "
                + "{type: dense, units: 1, activation: sigmoid}]", "binary_crossentropy");
        NetworkPlan plan = NetworkPlanner.plan(job);
        assertEquals(61, plan.totalParams());
        assertEquals(61, dl4jParams(job, plan));
    }

    @Test
    void mnistDenseNetworkPrintsKerasTable() {
        JobConfig job = job("[28, 28]", "[{type: flatten}, {type: dense, units: 64, activation: relu}, "
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
}
