package org.sparkfit.driver.config;

/**
 * Keras' GlobalAveragePooling1D ({@code type: global_average_pooling1d}: the mean over time steps) and
 * GlobalAveragePooling2D ({@code global_average_pooling2d}: the mean over image positions).
 */
public record GlobalPoolingLayerConfig(String type, String name) implements LayerConfig {

    /** Whether this pools a sequence over time (else an image over positions). */
    public boolean overTime() {
        return "global_average_pooling1d".equals(type);
    }
}
