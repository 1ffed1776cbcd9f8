package org.sparkfit.driver.model;

import java.util.List;
import java.util.Map;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.sparkfit.driver.config.ConfigException;
import org.sparkfit.driver.config.OptimizerConfig;

/** Keras optimizers by name, with Keras' default settings, as DL4J updaters. */
public final class Optimizers {
    /** Each optimizer's settings besides name and learning_rate. */
    private static final Map<String, List<String>> SETTINGS = Map.of(
            "sgd", List.of("momentum", "nesterov"),
            "rmsprop", List.of("rho", "epsilon"),
            "adam", List.of("beta_1", "beta_2", "epsilon"),
            "adagrad", List.of("epsilon"));
    private static final List<String> NAMES = List.of("sgd", "rmsprop", "adam", "adagrad");
    private static final double KERAS_EPSILON = 1e-7;

    private Optimizers() {
    }

    public static void check(String key, OptimizerConfig o) {
        if (o.name() == null || !SETTINGS.containsKey(o.name())) {
            throw new ConfigException(key + ".name", "unknown optimizer '" + o.name() + "'"
                    + (o.name() == null ? "" : Names.suggestion(o.name(), NAMES)) + "; sparkfit knows: "
                    + String.join(", ", NAMES));
        }
        if (o.learningRate() != null && !(o.learningRate() > 0)) {
            throw new ConfigException(key + ".learning_rate", "must be a positive number, got " + o.learningRate());
        }
        List<String> allowed = SETTINGS.get(o.name());
        Map<String, Object> given = new java.util.LinkedHashMap<>();
        given.put("momentum", o.momentum());
        given.put("nesterov", o.nesterov());
        given.put("rho", o.rho());
        given.put("beta_1", o.beta1());
        given.put("beta_2", o.beta2());
        given.put("epsilon", o.epsilon());
        given.forEach((name, value) -> {
            if (value != null && !allowed.contains(name)) {
                throw new ConfigException(key + "." + name, "does not apply to " + o.name() + ", which takes "
                        + "learning_rate" + (allowed.isEmpty() ? "" : ", " + String.join(", ", allowed)));
            }
            if (value instanceof Double d && (d < 0 || (!"epsilon".equals(name) && d >= 1))) {
                throw new ConfigException(key + "." + name, "must be in [0, 1), got " + d);
            }
        });
        if (o.momentum() != null && o.momentum() > 0 && !Boolean.TRUE.equals(o.nesterov())) {
            throw new ConfigException(key + ".nesterov", "sgd with momentum runs as Nesterov momentum in "
                    + "sparkfit (DL4J has no classical momentum); set nesterov: true");
        }
    }

    public static IUpdater of(OptimizerConfig o) {
        double eps = o.epsilon() == null ? KERAS_EPSILON : o.epsilon();
        return switch (o.name()) {
            case "sgd" -> o.momentum() == null || o.momentum() == 0 ? new Sgd(lr(o, 0.01))
                    : new Nesterovs(lr(o, 0.01), o.momentum());
            case "rmsprop" -> new RmsProp(lr(o, 0.001), o.rho() == null ? 0.9 : o.rho(), eps);
            case "adam" -> new Adam(lr(o, 0.001), o.beta1() == null ? 0.9 : o.beta1(),
                    o.beta2() == null ? 0.999 : o.beta2(), eps);
            case "adagrad" -> new AdaGrad(lr(o, 0.001), eps);
            default -> throw new IllegalStateException("unchecked optimizer " + o.name());
        };
    }

    private static double lr(OptimizerConfig o, double kerasDefault) {
        return o.learningRate() == null ? kerasDefault : o.learningRate();
    }
}
