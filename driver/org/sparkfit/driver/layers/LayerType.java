package org.sparkfit.driver.layers;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The names a {@link KerasLayer} class goes by: the {@code type} a job writes and Keras' class name, one pair per
 * Keras layer it stands for (a class may stand for a few that differ in one setting, as max and average pooling).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface LayerType {
    /** The types a job writes, each Keras' class name in snake case, e.g. {@code max_pooling2d}. */
    String[] value();

    /** Keras' class names, in the order of {@link #value()}, e.g. {@code MaxPooling2D}. */
    String[] keras();
}
