package org.sparkfit.driver.config;

/**
 * A layer with a weight matrix (Keras' kernel): how it is initialised and regularised can be set per layer, with
 * Keras' names ({@code glorot_uniform} by default, {@code {l2: 0.001}}).
 */
public sealed interface WeightedLayerConfig extends LayerConfig
        permits DenseLayerConfig, Conv2DLayerConfig, EmbeddingLayerConfig, RecurrentLayerConfig {

    /** Keras initializer name, or null for the layer's Keras default. */
    String kernelInitializer();

    /** L1/L2 penalty on the weights, or null for none. */
    RegularizerConfig kernelRegularizer();
}
