package org.sparkfit.driver.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Keras' SimpleRNN ({@code type: simple_rnn}) and LSTM ({@code lstm}) over a sequence [timesteps, features]:
 * {@code units} outputs (tanh by default), the whole output sequence when {@code return_sequences} is true, else
 * only the last step's output.
 */
public record RecurrentLayerConfig(String type, String name, Integer units, String activation,
                                   @JsonProperty("return_sequences") Boolean returnSequences,
                                   @JsonProperty("kernel_initializer") String kernelInitializer,
                                   @JsonProperty("kernel_regularizer") RegularizerConfig kernelRegularizer)
        implements WeightedLayerConfig {

    public RecurrentLayerConfig {
        activation = activation == null ? "tanh" : activation;
        returnSequences = returnSequences != null && returnSequences;
    }

    public boolean lstm() {
        return "lstm".equals(type);
    }
}
