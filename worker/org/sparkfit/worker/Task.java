package org.sparkfit.worker;

import java.io.Serializable;
import java.util.Arrays;

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

    /**
     * What the network's outputs for one example, at {@code offset} in {@code out}, predict: the most probable class,
     * the class on the side of 0.5 (a sigmoid) or of 0 (a margin), or the value.
     */
    public double prediction(float[] out, int offset) {
        return switch (kind) {
            case MULTICLASS -> {
                int best = 0;
                for (int c = 1; c < outputs; c++) {
                    if (out[offset + c] > out[offset + best]) {
                        best = c;
                    }
                }
                yield best;
            }
            case BINARY -> out[offset] >= 0.5f ? 1 : 0;
            case MARGIN -> out[offset] >= 0 ? 1 : 0;
            case REGRESSION -> out[offset];
        };
    }

    /**
     * The probability of each class that the outputs for one example, at {@code offset} in {@code out}, give: a
     * softmax's outputs, or a sigmoid's as {@code [1 - p, p]}; null where the outputs are no probabilities (a
     * margin, a value).
     */
    public double[] probabilities(float[] out, int offset) {
        return switch (kind) {
            case MULTICLASS -> {
                double[] p = new double[outputs];
                for (int c = 0; c < outputs; c++) {
                    p[c] = out[offset + c];
                }
                yield p;
            }
            case BINARY -> new double[] {1 - out[offset], out[offset]};
            case MARGIN, REGRESSION -> null;
        };
    }

    /**
     * Writes the label rows of {@code rows[from..from+count)} into {@code out} (zeroed first), row after row: one-hot
     * for multiclass, -1/1 for a margin, the raw value otherwise.
     */
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
