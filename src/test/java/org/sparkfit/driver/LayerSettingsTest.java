package org.sparkfit.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.weights.WeightInitRelu;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Nadam;
import org.nd4j.linalg.learning.regularization.L1Regularization;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;
import org.sparkfit.driver.config.JobConfig;
import org.sparkfit.driver.model.NetworkPlanner;
import org.sparkfit.testing.Jobs;

/** Per-layer initialisation and penalties, weight decay and clipping reach the DL4J configuration as Keras means them. */
class LayerSettingsTest {

    private static MultiLayerConfiguration build(String optimizer) {
        JobConfig job = Jobs.parse("""
                data: {train: {format: csv, path: a.csv}, test: {format: csv, path: b.csv}}
                model:
                  input: [4]
                  layers:
                    - {type: dense, units: 3, activation: relu, kernel_initializer: he_normal,
                       kernel_regularizer: {l1: 0.01, l2: 0.001}}
                    - {type: dense, units: 1}
                compile: {loss: mse, optimizer: %s}
                """.formatted(optimizer));
        return NetworkPlanner.plan(job).toConfiguration(job);
    }

    @Test
    void kerasL2IsHalfOfDl4jsCoefficient() {
        BaseLayer first = (BaseLayer) build("adam").getConf(0).getLayer();
        assertInstanceOf(WeightInitRelu.class, first.getWeightInitFn());
        assertEquals(2, first.getRegularization().size());
        L1Regularization l1 = (L1Regularization) first.getRegularization().get(0);
        L2Regularization l2 = (L2Regularization) first.getRegularization().get(1);
        assertEquals(0.01, l1.getL1().valueAt(0, 0), 1e-12);
        assertEquals(0.002, l2.getL2().valueAt(0, 0), 1e-12, "DL4J adds 0.5 * c * sum(w^2); Keras l2 * sum(w^2)");
        assertEquals(0, first.getRegularizationBias().size(), "Keras' kernel_regularizer leaves biases alone");
        BaseLayer second = (BaseLayer) build("adam").getConf(1).getLayer();
        assertEquals(0, second.getRegularization().size());
    }

    @Test
    void adamwIsAdamWithDecoupledWeightDecayOnWeightsAndBiases() {
        BaseLayer layer = (BaseLayer) build("{name: adamw, weight_decay: 0.01}").getConf(1).getLayer();
        WeightDecay decay = (WeightDecay) layer.getRegularization().get(0);
        assertEquals(0.01, decay.getCoeff().valueAt(0, 0), 1e-12);
        assertEquals(true, decay.isApplyLR());
        assertInstanceOf(WeightDecay.class, layer.getRegularizationBias().get(0));
    }

    @Test
    void clippingAndNadam() {
        BaseLayer layer = (BaseLayer) build("{name: nadam, clipnorm: 2.0}").getConf(0).getLayer();
        assertInstanceOf(Nadam.class, layer.getIUpdater());
        assertEquals(GradientNormalization.ClipL2PerParamType, layer.getGradientNormalization());
        assertEquals(2.0, layer.getGradientNormalizationThreshold(), 1e-12);
        BaseLayer byValue = (BaseLayer) build("{name: sgd, clipvalue: 0.5}").getConf(0).getLayer();
        assertEquals(GradientNormalization.ClipElementWiseAbsoluteValue, byValue.getGradientNormalization());
    }
}
