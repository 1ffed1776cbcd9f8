package org.sparkfit.driver.layers;

import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.sparkfit.driver.ConfigException;
import org.sparkfit.driver.keras.Initializers;

/**
 * A layer with a weight matrix (Keras' kernel): how it is initialised and regularised can be set per layer, with
 * Keras' names ({@code glorot_uniform} by default, {@code {l2: 0.001}}).
 */
public interface WeightedLayer extends KerasLayer {

    /** Keras initializer name, or null for the layer's Keras default. */
    String kernelInitializer();

    /** L1/L2 penalty on the weights, or null for none. */
    Regularizer kernelRegularizer();

    /** Keras' name of the weights in its settings: {@code kernel}, or an embedding's {@code embeddings}. */
    default String weightsName() {
        return "kernel";
    }

    /** Checks the initializer and the penalty. */
    default void validateWeights(String key) {
        String prefix = key + "." + weightsName() + "_";
        Initializers.check(prefix + "initializer", kernelInitializer());
        Regularizer penalty = kernelRegularizer();
        if (penalty != null && !(penalty.l1() >= 0 && penalty.l2() >= 0)) {
            throw new ConfigException(prefix + "regularizer", "l1 and l2 must be 0 or more, got l1="
                    + penalty.l1() + ", l2=" + penalty.l2());
        }
    }

    /**
     * Sets the weight initialisation ({@code kerasDefault} when none is given) and penalties on {@code builder}.
     * Keras' l2 adds {@code l2 * sum(w^2)} to the loss; DL4J's adds half of its coefficient times that, so the
     * coefficient is doubled.
     */
    default <B extends BaseLayer.Builder<?>> B weights(B builder, String kerasDefault) {
        builder.weightInit(Initializers.of(kernelInitializer(), kerasDefault));
        Regularizer penalty = kernelRegularizer();
        if (penalty != null) {
            builder.l1(penalty.l1()).l2(2 * penalty.l2());
        }
        return builder;
    }
}
