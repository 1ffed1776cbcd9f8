package org.sparkfit.driver.model;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SelfAttentionLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.sparkfit.driver.config.AttentionLayerConfig;
import org.sparkfit.driver.config.BatchNormalizationLayerConfig;
import org.sparkfit.driver.config.Conv2DLayerConfig;
import org.sparkfit.driver.config.DenseLayerConfig;
import org.sparkfit.driver.config.DropoutLayerConfig;
import org.sparkfit.driver.config.EmbeddingLayerConfig;
import org.sparkfit.driver.config.GlobalPoolingLayerConfig;
import org.sparkfit.driver.config.LayerConfig;
import org.sparkfit.driver.config.PoolingLayerConfig;
import org.sparkfit.driver.config.RecurrentLayerConfig;
import org.sparkfit.driver.config.RegularizerConfig;
import org.sparkfit.driver.config.WeightedLayerConfig;

/** The DL4J layer each planned Keras layer runs as (flatten has none: it is a reshape between layers). */
final class Dl4jLayers {
    private Dl4jLayers() {
    }

    /**
     * @param loss the job's loss, for the last layer, which DL4J makes an output layer; null for other layers
     */
    static Layer of(LayerPlan plan, ILossFunction loss) {
        LayerConfig layer = plan.config();
        String name = plan.name();
        if (layer instanceof DenseLayerConfig dense) {
            BaseLayer.Builder<?> builder = loss != null ? new OutputLayer.Builder(loss).nOut(dense.units())
                    .hasBias(dense.useBias()) : new DenseLayer.Builder().nOut(dense.units()).hasBias(dense.useBias());
            return weights(builder.activation(Activations.of(dense.activation())), dense, "glorot_uniform")
                    .name(name).build();
        }
        if (layer instanceof DropoutLayerConfig dropout) {
            // DL4J's argument is the probability of keeping an input; Keras' rate is that of dropping it.
            return new DropoutLayer.Builder(1.0 - dropout.rate()).name(name).build();
        }
        if (layer instanceof Conv2DLayerConfig conv) {
            int[] k = ImageShapes.pair(conv.kernelSize());
            int[] s = ImageShapes.pair(conv.strides());
            return weights(new ConvolutionLayer.Builder(k[0], k[1]).stride(s[0], s[1]).nOut(conv.filters())
                    .convolutionMode(mode(conv.padding())).hasBias(conv.useBias())
                    .activation(Activations.of(conv.activation())), conv, "glorot_uniform").name(name).build();
        }
        if (layer instanceof PoolingLayerConfig pool) {
            int[] k = ImageShapes.pair(pool.poolSize());
            int[] s = ImageShapes.pair(pool.strides());
            return new SubsamplingLayer.Builder(pool.max() ? PoolingType.MAX : PoolingType.AVG).kernelSize(k[0], k[1])
                    .stride(s[0], s[1]).convolutionMode(mode(pool.padding())).avgPoolIncludePadInDivisor(false)
                    .name(name).build();
        }
        if (layer instanceof GlobalPoolingLayerConfig) {
            return new GlobalPoolingLayer.Builder(PoolingType.AVG).name(name).build();
        }
        if (layer instanceof BatchNormalizationLayerConfig norm) {
            // DL4J's decay is Keras' momentum: the weight of the old moving average.
            return new BatchNormalization.Builder().decay(norm.momentum()).eps(norm.epsilon()).name(name).build();
        }
        if (layer instanceof EmbeddingLayerConfig embedding) {
            return weights(new EmbeddingSequenceLayer.Builder().nIn(embedding.inputDim()).nOut(embedding.outputDim())
                    .inputLength(plan.input().dims()[0]).hasBias(false), embedding, "uniform").name(name).build();
        }
        if (layer instanceof RecurrentLayerConfig rnn) {
            BaseLayer.Builder<?> builder = rnn.lstm()
                    ? new LSTM.Builder().nOut(rnn.units()) : new SimpleRnn.Builder().nOut(rnn.units());
            Layer cell = weights(builder.activation(Activations.of(rnn.activation())), rnn, "glorot_uniform")
                    .name(name).build();
            return rnn.returnSequences() ? cell : new LastTimeStep(cell);
        }
        if (layer instanceof AttentionLayerConfig attention) {
            return new SelfAttentionLayer.Builder().nOut(plan.input().last()).nHeads(attention.numHeads())
                    .headSize(attention.keyDim()).projectInput(true).name(name).build();
        }
        throw new IllegalStateException("no DL4J layer for " + layer);
    }

    private static ConvolutionMode mode(String padding) {
        return "same".equals(padding) ? ConvolutionMode.Same : ConvolutionMode.Truncate;
    }

    /**
     * Sets the weight initialisation and penalties. Keras' l2 adds {@code l2 * sum(w^2)} to the loss; DL4J's adds
     * half of its coefficient times that, so the coefficient is doubled.
     */
    private static BaseLayer.Builder<?> weights(BaseLayer.Builder<?> builder, WeightedLayerConfig layer,
                                                String kerasDefault) {
        builder.weightInit(Initializers.of(layer.kernelInitializer(), kerasDefault));
        RegularizerConfig penalty = layer.kernelRegularizer();
        if (penalty != null) {
            builder.l1(penalty.l1()).l2(2 * penalty.l2());
        }
        return builder;
    }
}
