package org.sparkfit.driver.keras;

import java.util.Map;
import java.util.TreeMap;
import org.nd4j.linalg.activations.Activation;
import org.sparkfit.driver.ConfigException;

/** Keras activation names and the DL4J activations they stand for. */
public final class Activations {
    private static final Map<String, Activation> BY_NAME = new TreeMap<>(Map.ofEntries(
            Map.entry("relu", Activation.RELU),
            Map.entry("sigmoid", Activation.SIGMOID),
            Map.entry("tanh", Activation.TANH),
            Map.entry("softmax", Activation.SOFTMAX),
            Map.entry("linear", Activation.IDENTITY),
            Map.entry("leaky_relu", Activation.LEAKYRELU),
            Map.entry("elu", Activation.ELU),
            Map.entry("selu", Activation.SELU),
            Map.entry("softplus", Activation.SOFTPLUS),
            Map.entry("softsign", Activation.SOFTSIGN),
            Map.entry("swish", Activation.SWISH),
            Map.entry("gelu", Activation.GELU),
            Map.entry("hard_sigmoid", Activation.HARDSIGMOID)));

    private Activations() {
    }

    public static void check(String key, String name) {
        if (!BY_NAME.containsKey(name)) {
            throw new ConfigException(key, "unknown activation '" + name + "'" + Names.suggestion(name, BY_NAME.keySet())
                    + "; sparkfit knows: " + String.join(", ", BY_NAME.keySet()));
        }
    }

    public static Activation of(String name) {
        return BY_NAME.get(name);
    }
}
