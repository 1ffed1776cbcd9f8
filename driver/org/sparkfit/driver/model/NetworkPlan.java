package org.sparkfit.driver.model;

import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.api.buffer.DataType;
import org.sparkfit.driver.config.DenseLayerConfig;
import org.sparkfit.driver.config.DropoutLayerConfig;
import org.sparkfit.driver.config.JobConfig;
import org.sparkfit.driver.config.LayerConfig;
import org.sparkfit.worker.Task;

/**
 * A checked network: the input shape, each layer's plan, and the task the loss implies. Turns into the DL4J
 * configuration every worker builds its copy of the network from.
 */
public record NetworkPlan(int[] input, List<LayerPlan> layers, Task task) {

    public long totalParams() {
        return layers.stream().mapToLong(LayerPlan::params).sum();
    }

    public int inputWidth() {
        int width = 1;
        for (int d : input) {
            width *= d;
        }
        return width;
    }

    /** The DL4J configuration: Keras' Glorot-uniform weights, zero biases, the job's optimizer and seed. */
    public MultiLayerConfiguration toConfiguration(JobConfig job) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(job.fit().seed())
                .dataType(DataType.FLOAT)
                .updater(Optimizers.of(job.compile().optimizer()))
                .weightInit(WeightInit.XAVIER_UNIFORM)
                .list();
        for (int i = 0; i < layers.size(); i++) {
            LayerPlan plan = layers.get(i);
            LayerConfig layer = plan.config();
            boolean last = i == layers.size() - 1;
            if (layer instanceof DenseLayerConfig dense && last) {
                list.layer(new OutputLayer.Builder(Losses.of(job.compile().loss())).name(plan.name())
                        .nOut(dense.units()).activation(Activations.of(dense.activation()))
                        .hasBias(dense.useBias()).build());
            } else if (layer instanceof DenseLayerConfig dense) {
                list.layer(new DenseLayer.Builder().name(plan.name()).nOut(dense.units())
                        .activation(Activations.of(dense.activation())).hasBias(dense.useBias()).build());
            } else if (layer instanceof DropoutLayerConfig dropout) {
                // DL4J's argument is the probability of keeping an input; Keras' rate is that of dropping it.
                list.layer(new DropoutLayer.Builder(1.0 - dropout.rate()).name(plan.name()).build());
            }
            // flatten: DL4J inserts the reshape itself between an image-shaped input and a dense layer.
        }
        list.setInputType(inputType());
        return list.build();
    }

    private InputType inputType() {
        return switch (input.length) {
            case 1 -> InputType.feedForward(input[0]);
            case 2 -> InputType.convolutionalFlat(input[0], input[1], 1);
            default -> InputType.convolutionalFlat(input[0], input[1], input[2]);
        };
    }
}
