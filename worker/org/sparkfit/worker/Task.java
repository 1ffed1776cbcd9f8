package org.sparkfit.worker;

import java.io.Serializable;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What the network predicts, and so how integer or real labels become label arrays and how predictions are
 * scored: one of {@code classes} classes (one-hot labels), a binary class (one sigmoid output, or one unbounded
 * margin trained with -1/1 labels for hinge loss), or real values.
 */
public record Task(Kind kind, int outputs) implements Serializable {

    /** The three kinds of supervised task the Keras course's losses map to. */
    public enum Kind { MULTICLASS, BINARY, MARGIN, REGRESSION }

    public static Task multiclass(int classes) {
        return new Task(Kind.MULTICLASS, classes);
    }

    public static Task binary() {
        return new Task(Kind.BINARY, 1);
    }

    /** A binary class predicted by the sign of one output, as hinge loss trains it. */
    public static Task margin() {
        return new Task(Kind.MARGIN, 1);
    }

    public static Task regression() {
        return new Task(Kind.REGRESSION, 1);
    }

    public boolean isClassification() {
        return kind != Kind.REGRESSION;
    }

    /** The number of classes a label must lie below, or 0 when labels are real-valued targets. */
    public int labelClasses() {
        return switch (kind) {
            case MULTICLASS -> outputs;
            case BINARY, MARGIN -> 2;
            case REGRESSION -> 0;
        };
    }

    /** Label array for the given rows: one-hot for multiclass, -1/1 for a margin, the raw value otherwise. */
    public INDArray labelArray(float[] labels, int[] rows, int from, int count) {
        float[] out = new float[count * outputs];
        fillLabels(labels, rows, from, count, out);
        return Nd4j.create(out, new long[] {count, outputs}, 'c');
    }

    /** Writes the label rows {@link #labelArray} holds into {@code out} (zeroed first), row after row. */
    void fillLabels(float[] labels, int[] rows, int from, int count, float[] out) {
        Arrays.fill(out, 0, count * outputs, 0f);
        for (int i = 0; i < count; i++) {
            float value = labels[rows[from + i]];
            if (kind == Kind.MULTICLASS) {
                out[i * outputs + (int) value] = 1f;
            } else if (kind == Kind.MARGIN) {
                out[i] = 2 * value - 1;
            } else {
                out[i] = value;
            }
        }
    }
}
