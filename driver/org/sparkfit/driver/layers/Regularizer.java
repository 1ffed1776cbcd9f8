package org.sparkfit.driver.layers;

/**
 * Keras' {@code regularizers.l1_l2(l1, l2)}: adds {@code l1 * sum(|w|) + l2 * sum(w^2)} to the loss. Either
 * factor may be left out.
 */
public record Regularizer(Double l1, Double l2) {

    public Regularizer {
        l1 = l1 == null ? 0.0 : l1;
        l2 = l2 == null ? 0.0 : l2;
    }
}
