package org.sparkfit.driver.layers;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.HashMap;
import java.util.Map;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.sparkfit.driver.ConfigException;

/**
 * Keras' BatchNormalization over the last axis (features, or channels of an image), with Keras' defaults
 * {@code momentum} 0.99 and {@code epsilon} 0.001.
 */
@LayerType(value = "batch_normalization", keras = "BatchNormalization")
@JsonIgnoreProperties("type")
public record BatchNormalization(String name, Double momentum, Double epsilon) implements KerasLayer {

    public BatchNormalization {
        momentum = momentum == null ? 0.99 : momentum;
        epsilon = epsilon == null ? 0.001 : epsilon;
    }

    @Override
    public void validate(String key) {
        if (!(momentum >= 0 && momentum < 1)) {
            throw new ConfigException(key + ".momentum", "must be in [0, 1), got " + momentum);
        }
        Settings.positive(key + ".epsilon", epsilon);
    }

    @Override
    public Shape output(String key, Shape in, boolean first) {
        if (in.kind() != Shape.Kind.FLAT && in.kind() != Shape.Kind.IMAGE) {
            throw new ConfigException(key, "batch_normalization takes a flat input or an image, but gets the "
                    + "sequence " + in + "; DL4J normalizes no sequences, so put it after a recurrent layer without "
                    + "return_sequences, or after global_average_pooling1d");
        }
        return in;
    }

    /** Gamma and beta, trained; the moving mean and variance, not. */
    @Override
    public long params(Shape in) {
        return 4L * in.last();
    }

    @Override
    public long nonTrainable(Shape in) {
        return 2L * in.last();
    }

    /**
     * DL4J keeps the moving variance as the log10 of its square root ({@code log10stdev}, for numerical safety);
     * Keras, and DL4J's import of it, as the variance.
     */
    @Override
    public void setImported(Map<String, INDArray> imported, Map<String, INDArray> params) {
        Map<String, INDArray> converted = new HashMap<>(imported);
        INDArray variance = imported.get("var");
        if (variance != null && params.containsKey("log10stdev")) {
            converted.put("log10stdev", Transforms.log(Transforms.sqrt(variance, true), 10, false));
        }
        KerasLayer.super.setImported(converted, params);
    }

    @Override
    public Layer dl4j(String name, Shape in) {
        // DL4J's decay is Keras' momentum: the weight of the old moving average.
        return new org.deeplearning4j.nn.conf.layers.BatchNormalization.Builder().decay(momentum).eps(epsilon)
                .name(name).build();
    }
}
