package org.sparkfit.driver.layers;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.sparkfit.driver.ConfigException;

/** Keras' Dropout: drops each input with probability {@code rate} while training. */
@LayerType(value = "dropout", keras = "Dropout")
@JsonIgnoreProperties("type")
public record Dropout(String name, Double rate) implements KerasLayer {

    @Override
    public void validate(String key) {
        if (rate == null || rate < 0 || rate >= 1) {
            throw new ConfigException(key + ".rate", "must be a fraction in [0, 1), got " + rate);
        }
    }

    @Override
    public Shape output(String key, Shape in, boolean first) {
        return in;
    }

    @Override
    public boolean passesInputOn() {
        return true;
    }

    @Override
    public Layer dl4j(String name, Shape in) {
        // DL4J's argument is the probability of keeping an input; Keras' rate is that of dropping it.
        return new DropoutLayer.Builder(1.0 - rate).name(name).build();
    }
}
