package org.sparkfit.driver.keras;

import java.util.Map;
import java.util.TreeMap;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.distribution.UniformDistribution;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.weights.WeightInitDistribution;
import org.sparkfit.driver.ConfigException;

/**
 * Keras initializer names and the DL4J weight initialisations behind them. Keras' {@code uniform} and
 * {@code normal} are RandomUniform(-0.05, 0.05) and RandomNormal(0, 0.05); glorot_normal and he_normal are plain
 * (not truncated) normals in DL4J.
 */
public final class Initializers {
    private static final Map<String, IWeightInit> BY_NAME = new TreeMap<>(Map.of(
            "glorot_uniform", WeightInit.XAVIER_UNIFORM.getWeightInitFunction(),
            "glorot_normal", WeightInit.XAVIER.getWeightInitFunction(),
            "he_uniform", WeightInit.RELU_UNIFORM.getWeightInitFunction(),
            "he_normal", WeightInit.RELU.getWeightInitFunction(),
            "lecun_uniform", WeightInit.LECUN_UNIFORM.getWeightInitFunction(),
            "lecun_normal", WeightInit.LECUN_NORMAL.getWeightInitFunction(),
            "zeros", WeightInit.ZERO.getWeightInitFunction(),
            "ones", WeightInit.ONES.getWeightInitFunction(),
            "uniform", new WeightInitDistribution(new UniformDistribution(-0.05, 0.05)),
            "normal", new WeightInitDistribution(new NormalDistribution(0, 0.05))));

    private Initializers() {
    }

    public static void check(String key, String name) {
        if (name != null && !BY_NAME.containsKey(name)) {
            throw new ConfigException(key, "unknown initializer '" + name + "'" + Names.suggestion(name,
                    BY_NAME.keySet()) + "; sparkfit knows: " + String.join(", ", BY_NAME.keySet()));
        }
    }

    /** The initialisation called {@code name}, or {@code kerasDefault}'s when the job leaves it unset. */
    public static IWeightInit of(String name, String kerasDefault) {
        return BY_NAME.get(name == null ? kerasDefault : name);
    }
}
