package org.sparkfit.driver.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import org.sparkfit.driver.ConfigException;
import org.sparkfit.driver.keras.Optimizers;

/**
 * The optimizer a Keras file's {@code compile()} recorded, as a sparkfit {@code compile.optimizer}: its name,
 * learning rate and every setting sparkfit trains with (momentum, rho, betas, epsilon, weight decay, clipping), so
 * an imported model trains as Keras would have. A setting that would change training and that sparkfit cannot
 * train with (classical momentum, AMSGrad, centered RMSprop, a legacy decay, a learning-rate schedule object,
 * EMA of the weights) is refused in one line naming the file and how to give the job its own optimizer; Keras'
 * defaults that change nothing are dropped.
 */
final class KerasOptimizer {
    private static final List<String> CLIPPING = List.of("clipnorm", "clipvalue", "global_clipnorm");

    private KerasOptimizer() {
    }

    /**
     * @param optimizer Keras' {@code optimizer_config}: {@code {class_name: SGD, config: {...}}}
     * @param file      the Keras file, for messages
     */
    static ObjectNode of(JsonNode optimizer, String file) {
        String name = optimizer.path("class_name").asText().toLowerCase(Locale.ROOT);
        JsonNode config = optimizer.path("config");
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("name", name);
        JsonNode rate = config.has("learning_rate") ? config.get("learning_rate") : config.path("lr");
        if (rate.isObject()) {
            throw refused(file, name, "its learning rate is a schedule (" + rate.path("class_name").asText() + ")");
        }
        if (rate.isNumber()) {
            out.put("learning_rate", rate.asDouble());
        }
        refuseIf(config.path("decay").asDouble(0) != 0, file, name, "a legacy learning-rate decay (decay="
                + config.path("decay").asDouble() + ")");
        refuseIf(config.path("amsgrad").asBoolean(false), file, name, "AMSGrad (amsgrad=True)");
        refuseIf(config.path("centered").asBoolean(false), file, name, "centered RMSprop (centered=True)");
        refuseIf(config.path("use_ema").asBoolean(false), file, name, "an average of the weights (use_ema=True)");
        refuseIf("rmsprop".equals(name) && config.path("momentum").asDouble(0) != 0, file, name,
                "RMSprop with momentum (momentum=" + config.path("momentum").asDouble() + ")");
        refuseIf("sgd".equals(name) && config.path("momentum").asDouble(0) != 0
                && !config.path("nesterov").asBoolean(false), file, name, "classical momentum (momentum="
                + config.path("momentum").asDouble() + ", nesterov=False), which DL4J lacks: sparkfit runs momentum "
                + "as Nesterov's");
        for (String setting : Optimizers.settings(name)) {
            copy(config, setting, out);
        }
        for (String setting : CLIPPING) {
            copy(config, setting, out);
        }
        if ("sgd".equals(name) && out.path("momentum").asDouble(0) == 0) {
            out.remove(List.of("momentum", "nesterov"));
        }
        return out;
    }

    private static void copy(JsonNode config, String setting, ObjectNode out) {
        JsonNode value = config.path(setting);
        if (value.isNumber() || value.isBoolean()) {
            out.set(setting, value);
        }
    }

    private static void refuseIf(boolean condition, String file, String name, String what) {
        if (condition) {
            throw refused(file, name, "it uses " + what);
        }
    }

    private static ConfigException refused(String file, String name, String why) {
        return new ConfigException("model.keras", file + ": the optimizer its compile() recorded (" + name + ") "
                + "cannot be trained as Keras would: " + why + "; give the job its own compile: section with an "
                + "optimizer sparkfit trains (docs/CONFIG.md, `compile`)");
    }
}
