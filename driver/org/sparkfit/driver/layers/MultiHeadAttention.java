package org.sparkfit.driver.layers;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SelfAttentionLayer;

/**
 * Self-attention over a sequence, in Keras' words {@code MultiHeadAttention(num_heads, key_dim)} called with the
 * same sequence as query, key and value; the output keeps the input's shape. Runs as DL4J's SelfAttentionLayer,
 * whose projections have no biases (Keras' have).
 */
@LayerType(value = "multi_head_attention", keras = "MultiHeadAttention")
@JsonIgnoreProperties("type")
public record MultiHeadAttention(String name, @JsonProperty("num_heads") Integer numHeads,
                                 @JsonProperty("key_dim") Integer keyDim) implements KerasLayer {

    @Override
    public void validate(String key) {
        Settings.required(key + ".num_heads", numHeads, "the number of attention heads, e.g. 2");
        Settings.required(key + ".key_dim", keyDim, "the size of each head's projection, e.g. 16");
    }

    @Override
    public Shape output(String key, Shape in, boolean first) {
        Windows.requireKind(key, "multi_head_attention", in, Shape.Kind.SEQUENCE, "a sequence [timesteps, "
                + "features]");
        return in;
    }

    /** Query, key, value and output projections. */
    @Override
    public long params(Shape in) {
        return 4L * numHeads * keyDim * in.last();
    }

    @Override
    public Shape.Kind readsInputAs(int rank) {
        return rank == 2 ? Shape.Kind.SEQUENCE : null;
    }

    @Override
    public Layer dl4j(String name, Shape in) {
        return new SelfAttentionLayer.Builder().nOut(in.last()).nHeads(numHeads).headSize(keyDim).projectInput(true)
                .name(name).build();
    }
}
