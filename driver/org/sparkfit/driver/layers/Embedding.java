package org.sparkfit.driver.layers;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.sparkfit.driver.ConfigException;

/**
 * Keras' Embedding: maps each word index of a sequence below {@code input_dim} to a learnt vector of
 * {@code output_dim} values. Keras calls its weights embeddings, so its settings are named so too.
 */
@LayerType(value = "embedding", keras = "Embedding")
@JsonIgnoreProperties("type")
public record Embedding(String name, @JsonProperty("input_dim") Integer inputDim,
                        @JsonProperty("output_dim") Integer outputDim,
                        @JsonProperty("embeddings_initializer") String kernelInitializer,
                        @JsonProperty("embeddings_regularizer") Regularizer kernelRegularizer)
        implements WeightedLayer {

    @Override
    public String weightsName() {
        return "embeddings";
    }

    @Override
    public void validate(String key) {
        Settings.required(key + ".input_dim", inputDim, "the vocabulary size (largest word index + 1)");
        Settings.required(key + ".output_dim", outputDim, "the length of each word's vector, e.g. 32");
        validateWeights(key);
    }

    @Override
    public Shape output(String key, Shape in, boolean first) {
        if (!first || in.kind() != Shape.Kind.TOKENS) {
            throw new ConfigException(key, "embedding takes word indices, so it must be the first layer, with "
                    + "model.input [sequence_length]" + (first ? ", but model.input is " + in : ""));
        }
        return new Shape(Shape.Kind.SEQUENCE, new int[] {in.dims()[0], outputDim});
    }

    @Override
    public long params(Shape in) {
        return (long) inputDim * outputDim;
    }

    @Override
    public Shape.Kind readsInputAs(int rank) {
        return rank == 1 ? Shape.Kind.TOKENS : null;
    }

    @Override
    public Layer dl4j(String name, Shape in) {
        return weights(new EmbeddingSequenceLayer.Builder().nIn(inputDim).nOut(outputDim).inputLength(in.dims()[0])
                .hasBias(false), "uniform").name(name).build();
    }
}
