package org.sparkfit.driver.keras;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.nd4j.linalg.learning.config.AdaDelta;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nadam;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;
import org.sparkfit.driver.ConfigException;
import org.sparkfit.worker.CosineDecaySchedule;

/**
 * Keras optimizers by name, with Keras' default settings, as DL4J updaters; with their learning-rate schedules,
 * weight decay and gradient clipping applied to the network's configuration.
 */
public final class Optimizers {
    /** Each optimizer's settings besides name, learning_rate, schedule and clipping. */
    private static final Map<String, List<String>> SETTINGS = Map.of(
            "sgd", List.of("momentum", "nesterov"),
            "rmsprop", List.of("rho", "epsilon"),
            "adam", List.of("beta_1", "beta_2", "epsilon"),
            "adamw", List.of("beta_1", "beta_2", "epsilon", "weight_decay"),
            "nadam", List.of("beta_1", "beta_2", "epsilon"),
            "adagrad", List.of("epsilon"),
            "adadelta", List.of("rho", "epsilon"));
    private static final List<String> NAMES = List.of("sgd", "rmsprop", "adam", "adamw", "nadam", "adagrad",
            "adadelta");
    private static final List<String> SCHEDULES = List.of("exponential", "step", "cosine");
    private static final double KERAS_EPSILON = 1e-7;
    private static final double KERAS_ADAMW_DECAY = 0.004;

    private Optimizers() {
    }

    /** The settings optimizer {@code name} takes besides learning_rate, schedule and clipping (none if unknown). */
    public static List<String> settings(String name) {
        return SETTINGS.getOrDefault(name, List.of());
    }

    public static void check(String key, OptimizerConfig o) {
        if (o.name() == null || !SETTINGS.containsKey(o.name())) {
            throw new ConfigException(key + ".name", "unknown optimizer '" + o.name() + "'"
                    + (o.name() == null ? "" : Names.suggestion(o.name(), NAMES)) + "; sparkfit knows: "
                    + String.join(", ", NAMES));
        }
        positive(key + ".learning_rate", o.learningRate());
        List<String> allowed = SETTINGS.get(o.name());
        Map<String, Object> given = new LinkedHashMap<>();
        given.put("momentum", o.momentum());
        given.put("nesterov", o.nesterov());
        given.put("rho", o.rho());
        given.put("beta_1", o.beta1());
        given.put("beta_2", o.beta2());
        given.put("epsilon", o.epsilon());
        given.put("weight_decay", o.weightDecay());
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
        if ("adadelta".equals(o.name()) && (o.learningRate() != null && o.learningRate() != 1.0
                || o.schedule() != null)) {
            throw new ConfigException(key + (o.schedule() != null ? ".schedule" : ".learning_rate"), "DL4J's "
                    + "AdaDelta has no learning rate: it runs as the original AdaDelta (Keras' learning_rate=1.0); "
                    + "remove the setting, or use rmsprop, which takes one");
        }
        schedule(key + ".schedule", o.schedule());
        clipping(key, o);
    }

    private static void schedule(String key, ScheduleConfig s) {
        if (s == null) {
            return;
        }
        if (!SCHEDULES.contains(s.type())) {
            throw new ConfigException(key + ".type", "unknown schedule '" + s.type() + "'"
                    + (s.type() == null ? "" : Names.suggestion(s.type(), SCHEDULES)) + "; sparkfit knows: "
                    + String.join(", ", SCHEDULES));
        }
        if (s.decaySteps() == null || s.decaySteps() < 1) {
            throw new ConfigException(key + ".decay_steps", "must be a whole number of optimizer steps of at "
                    + "least 1, got " + s.decaySteps());
        }
        if ("cosine".equals(s.type())) {
            if (s.decayRate() != null) {
                throw new ConfigException(key + ".decay_rate", "does not apply to cosine, which takes decay_steps "
                        + "and alpha");
            }
            if (!(s.alpha() >= 0 && s.alpha() <= 1)) {
                throw new ConfigException(key + ".alpha", "must be in [0, 1], got " + s.alpha());
            }
        } else if (s.decayRate() == null || !(s.decayRate() > 0 && s.decayRate() <= 1)) {
            throw new ConfigException(key + ".decay_rate", "must be in (0, 1], got " + s.decayRate());
        }
    }

    private static void clipping(String key, OptimizerConfig o) {
        if (o.globalClipnorm() != null) {
            throw new ConfigException(key + ".global_clipnorm", "DL4J clips no global norm across all weights; "
                    + "use clipnorm (each weight array's norm) or clipvalue");
        }
        if (o.clipnorm() != null && o.clipvalue() != null) {
            throw new ConfigException(key + ".clipvalue", "DL4J applies one kind of gradient clipping; give "
                    + "clipnorm or clipvalue, not both");
        }
        positive(key + ".clipnorm", o.clipnorm());
        positive(key + ".clipvalue", o.clipvalue());
    }

    /** Refuses a setting that is given but not a positive number. */
    private static void positive(String key, Double value) {
        if (value != null && !(value > 0)) {
            throw new ConfigException(key, "must be a positive number, got " + value);
        }
    }

    /** Sets the updater, schedule, weight decay and clipping of {@code o} on a network builder. */
    public static NeuralNetConfiguration.Builder apply(OptimizerConfig o, NeuralNetConfiguration.Builder builder) {
        builder.updater(of(o));
        if ("adamw".equals(o.name())) {
            // DL4J's WeightDecay with applyLR is AdamW's decoupled decay: w -= lr * weight_decay * w.
            double decay = o.weightDecay() == null ? KERAS_ADAMW_DECAY : o.weightDecay();
            builder.weightDecay(decay, true).weightDecayBias(decay, true);
        }
        if (o.clipnorm() != null) {
            builder.gradientNormalization(GradientNormalization.ClipL2PerParamType)
                    .gradientNormalizationThreshold(o.clipnorm());
        } else if (o.clipvalue() != null) {
            builder.gradientNormalization(GradientNormalization.ClipElementWiseAbsoluteValue)
                    .gradientNormalizationThreshold(o.clipvalue());
        }
        return builder;
    }

    public static IUpdater of(OptimizerConfig o) {
        double eps = o.epsilon() == null ? KERAS_EPSILON : o.epsilon();
        double beta1 = o.beta1() == null ? 0.9 : o.beta1();
        double beta2 = o.beta2() == null ? 0.999 : o.beta2();
        IUpdater updater = switch (o.name()) {
            case "sgd" -> o.momentum() == null || o.momentum() == 0 ? new Sgd(lr(o, 0.01))
                    : new Nesterovs(lr(o, 0.01), o.momentum());
            case "rmsprop" -> new RmsProp(lr(o, 0.001), o.rho() == null ? 0.9 : o.rho(), eps);
            case "adam", "adamw" -> new Adam(lr(o, 0.001), beta1, beta2, eps);
            case "nadam" -> new Nadam(lr(o, 0.001), beta1, beta2, eps);
            case "adagrad" -> new AdaGrad(lr(o, 0.001), eps);
            case "adadelta" -> new AdaDelta(o.rho() == null ? 0.95 : o.rho(), eps);
            default -> throw new IllegalStateException("unchecked optimizer " + o.name());
        };
        if (o.schedule() != null) {
            double lr = updater.getLearningRate(0, 0);
            updater.setLrAndSchedule(lr, schedule(o.schedule(), lr));
        }
        return updater;
    }

    private static ISchedule schedule(ScheduleConfig s, double lr) {
        return switch (s.type()) {
            case "exponential" -> new ExponentialSchedule(ScheduleType.ITERATION, lr,
                    Math.pow(s.decayRate(), 1.0 / s.decaySteps()));
            case "step" -> new StepSchedule(ScheduleType.ITERATION, lr, s.decayRate(), s.decaySteps());
            case "cosine" -> new CosineDecaySchedule(lr, s.decaySteps(), s.alpha());
            default -> throw new IllegalStateException("unchecked schedule " + s.type());
        };
    }

    private static double lr(OptimizerConfig o, double kerasDefault) {
        return o.learningRate() == null ? kerasDefault : o.learningRate();
    }
}
