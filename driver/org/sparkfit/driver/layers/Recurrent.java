package org.sparkfit.driver.layers;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.sparkfit.driver.keras.Activations;

/**
 * Keras' SimpleRNN ({@code type: simple_rnn}) and LSTM ({@code lstm}) over a sequence [timesteps, features]:
 * {@code units} outputs (tanh by default), the whole output sequence when {@code return_sequences} is true, else
 * only the last step's output.
 */
@LayerType(value = {"simple_rnn", "lstm"}, keras = {"SimpleRNN", "LSTM"})
public record Recurrent(String type, String name, Integer units, String activation,
                        @JsonProperty("return_sequences") Boolean returnSequences,
                        @JsonProperty("kernel_initializer") String kernelInitializer,
                        @JsonProperty("kernel_regularizer") Regularizer kernelRegularizer) implements WeightedLayer {

    public Recurrent {
        activation = activation == null ? "tanh" : activation;
        returnSequences = returnSequences != null && returnSequences;
    }

    public boolean lstm() {
        return "lstm".equals(type);
    }

    @Override
    public void validate(String key) {
        Settings.required(key + ".units", units, "the size of the recurrent layer's output");
        Activations.check(key + ".activation", activation);
        validateWeights(key);
    }

    @Override
    public Shape output(String key, Shape in, boolean first) {
        Windows.requireKind(key, type, in, Shape.Kind.SEQUENCE, "a sequence [timesteps, features]: set "
                + "model.input to [timesteps, features], or put an embedding first");
        return returnSequences ? new Shape(Shape.Kind.SEQUENCE, new int[] {in.dims()[0], units}) : Shape.flat(units);
    }

    /** Per gate (four in an LSTM): input and recurrent weights and a bias. */
    @Override
    public long params(Shape in) {
        return (lstm() ? 4L : 1L) * ((long) in.last() * units + (long) units * units + units);
    }

    @Override
    public Shape.Kind readsInputAs(int rank) {
        return rank == 2 ? Shape.Kind.SEQUENCE : null;
    }

    @Override
    public Layer dl4j(String name, Shape in) {
        BaseLayer.Builder<?> builder = lstm() ? new LSTM.Builder().nOut(units) : new SimpleRnn.Builder().nOut(units);
        Layer cell = weights(builder.activation(Activations.of(activation)), "glorot_uniform").name(name).build();
        return returnSequences ? cell : new LastTimeStep(cell);
    }
}
