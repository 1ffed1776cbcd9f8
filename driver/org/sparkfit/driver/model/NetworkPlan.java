package org.sparkfit.driver.model;

import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.nd4j.linalg.api.buffer.DataType;
import org.sparkfit.driver.config.JobConfig;
import org.sparkfit.driver.keras.Losses;
import org.sparkfit.driver.keras.Optimizers;
import org.sparkfit.driver.layers.Dense;
import org.sparkfit.driver.layers.Shape;
import org.sparkfit.worker.ChannelsLastFlatten;
import org.sparkfit.worker.ChannelsLastInput;
import org.sparkfit.worker.Task;

/**
 * A checked network: the input shape as written in the job, the shape it is read as, each layer's plan, and the
 * task the loss implies. Turns into the DL4J configuration every worker builds its copy of the network from.
 */
public record NetworkPlan(int[] input, Shape inputShape, List<LayerPlan> layers, Task task) {

    public long totalParams() {
        return layers.stream().mapToLong(LayerPlan::params).sum();
    }

    public long nonTrainableParams() {
        return layers.stream().mapToLong(LayerPlan::nonTrainable).sum();
    }

    public int inputWidth() {
        return inputShape.width();
    }

    /**
     * The DL4J configuration: the job's optimizer and seed, each layer's Keras default initialisation, and the
     * reshapes between sparkfit's flat rows in Keras' channels-last order and DL4J's channels-first arrays.
     */
    public MultiLayerConfiguration toConfiguration(JobConfig job) {
        NeuralNetConfiguration.Builder net = new NeuralNetConfiguration.Builder()
                .seed(job.fit().seed())
                .dataType(DataType.FLOAT);
        NeuralNetConfiguration.ListBuilder list = Optimizers.apply(job.compile().optimizer(), net)
                .list()
                .overrideNinUponBuild(false);
        boolean flatInput = inputShape.kind() == Shape.Kind.FLAT || inputShape.kind() == Shape.Kind.TOKENS
                || layers.get(0).dl4j() == null;
        if (!flatInput) {
            list.inputPreProcessor(0, new ChannelsLastInput(inputShape.dims()));
        }
        int index = 0;
        for (int i = 0; i < layers.size(); i++) {
            LayerPlan plan = layers.get(i);
            org.deeplearning4j.nn.conf.layers.Layer layer = i == layers.size() - 1
                    ? ((Dense) plan.config()).outputLayer(plan.name(), Losses.of(job.compile().loss())) : plan.dl4j();
            if (layer == null) {
                // A reshape between layers (flatten); right after the input, the input's own layout: nothing to do.
                if (i > 0 && plan.input().kind() != Shape.Kind.FLAT) {
                    list.inputPreProcessor(index, new ChannelsLastFlatten(plan.input().dims()));
                }
                continue;
            }
            list.layer(index++, layer);
        }
        list.setInputType(InputType.feedForward(inputShape.width()));
        return list.build();
    }
}
