package org.sparkfit.driver.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.sparkfit.driver.ConfigException;

/**
 * A Keras file's optimizer comes over with every setting sparkfit trains, in tf.keras 2's and Keras 3's layouts,
 * and one that would train differently is refused instead of dropped.
 */
class KerasOptimizerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode keras(String json) throws Exception {
        return JSON.readTree(json);
    }

    @Test
    void everySettingSparkfitTrainsIsTakenOverAndKerasDefaultsThatChangeNothingAreDropped() throws Exception {
        // tf.keras 2.x (legacy layout): lr under learning_rate, decay 0, momentum with Nesterov.
        assertEquals(keras("{\"name\": \"sgd\", \"learning_rate\": 0.05, \"momentum\": 0.9, \"nesterov\": true}"),
                KerasOptimizer.of(keras("{\"class_name\": \"SGD\", \"config\": {\"name\": \"SGD\", "
                        + "\"learning_rate\": 0.05, \"decay\": 0.0, \"momentum\": 0.9, \"nesterov\": true}}"), "m.h5"));
        // Keras 3: clipping and EMA keys always present, mostly null or off.
        assertEquals(keras("{\"name\": \"adam\", \"learning_rate\": 0.002, \"beta_1\": 0.8, \"beta_2\": 0.99, "
                + "\"epsilon\": 1e-6, \"clipnorm\": 1.0}"), KerasOptimizer.of(keras("{\"class_name\": \"Adam\", "
                + "\"config\": {\"name\": \"adam\", \"learning_rate\": 0.002, \"weight_decay\": null, \"clipnorm\": "
                + "1.0, \"global_clipnorm\": null, \"clipvalue\": null, \"use_ema\": false, \"ema_momentum\": 0.99, "
                + "\"beta_1\": 0.8, \"beta_2\": 0.99, \"epsilon\": 1e-6, \"amsgrad\": false}}"), "m.h5"));
        assertEquals(keras("{\"name\": \"rmsprop\", \"learning_rate\": 0.001, \"rho\": 0.8, \"epsilon\": 1e-7}"),
                KerasOptimizer.of(keras("{\"class_name\": \"RMSprop\", \"config\": {\"learning_rate\": 0.001, "
                        + "\"rho\": 0.8, \"momentum\": 0.0, \"epsilon\": 1e-7, \"centered\": false}}"), "m.h5"));
        assertEquals(keras("{\"name\": \"sgd\", \"learning_rate\": 0.01}"), KerasOptimizer.of(keras(
                "{\"class_name\": \"SGD\", \"config\": {\"learning_rate\": 0.01, \"momentum\": 0.0, "
                        + "\"nesterov\": false}}"), "m.h5"));
        assertEquals(keras("{\"name\": \"adamw\", \"learning_rate\": 0.001, \"weight_decay\": 0.01}"),
                KerasOptimizer.of(keras("{\"class_name\": \"AdamW\", \"config\": {\"learning_rate\": 0.001, "
                        + "\"weight_decay\": 0.01}}"), "m.h5"));
    }

    @Test
    void settingsThatWouldTrainDifferentlyAreRefusedNamingTheFile() throws Exception {
        String[][] cases = {
            {"{\"class_name\": \"SGD\", \"config\": {\"learning_rate\": 0.01, \"momentum\": 0.9, \"nesterov\": false}}",
                "it uses classical momentum (momentum=0.9, nesterov=False), which DL4J lacks: sparkfit runs momentum "
                    + "as Nesterov's"},
            {"{\"class_name\": \"Adam\", \"config\": {\"learning_rate\": 0.001, \"amsgrad\": true}}",
                "it uses AMSGrad (amsgrad=True)"},
            {"{\"class_name\": \"RMSprop\", \"config\": {\"centered\": true}}", "it uses centered RMSprop (centered=True)"},
            {"{\"class_name\": \"RMSprop\", \"config\": {\"momentum\": 0.5}}", "it uses RMSprop with momentum (momentum=0.5)"},
            {"{\"class_name\": \"SGD\", \"config\": {\"lr\": 0.1, \"decay\": 1e-4}}",
                "it uses a legacy learning-rate decay (decay=1.0E-4)"},
            {"{\"class_name\": \"Adam\", \"config\": {\"use_ema\": true}}", "it uses an average of the weights (use_ema=True)"},
            {"{\"class_name\": \"Adam\", \"config\": {\"learning_rate\": {\"class_name\": \"ExponentialDecay\", "
                + "\"config\": {}}}}", "its learning rate is a schedule (ExponentialDecay)"},
        };
        for (String[] c : cases) {
            ConfigException e = assertThrows(ConfigException.class, () -> KerasOptimizer.of(keras(c[0]), "m.h5"));
            String name = keras(c[0]).path("class_name").asText().toLowerCase(java.util.Locale.ROOT);
            assertEquals("model.keras: m.h5: the optimizer its compile() recorded (" + name + ") cannot be trained "
                    + "as Keras would: " + c[1] + "; give the job its own compile: section with an optimizer "
                    + "sparkfit trains (docs/CONFIG.md, `compile`)", e.getMessage());
        }
    }
}
