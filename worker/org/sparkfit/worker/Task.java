package org.sparkfit.worker;

import java.io.Serializable;
import java.util.Arrays;
import org.nd4j.evaluation.IEvaluation;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.evaluation.regression.RegressionEvaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What the network predicts, and so how integer or real labels become label arrays and how predictions are
 * scored: one of {@code classes} classes (one-hot labels), a binary class (one sigmoid output), or real values.
 */
public record Task(Kind kind, int outputs) implements Serializable {

    /** The three kinds of supervised task the Keras course's losses map to. */
    public enum Kind { MULTICLASS, BINARY, REGRESSION }

    public static Task multiclass(int classes) {
        return new Task(Kind.MULTICLASS, classes);
    }

    public static Task binary() {
        return new Task(Kind.BINARY, 1);
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
            case BINARY -> 2;
            case REGRESSION -> 0;
        };
    }

    /** Label array for the given rows of {@code labels}: one-hot for multiclass, the raw value otherwise. */
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
            } else {
                out[i] = value;
            }
        }
    }

    /** A fresh, empty evaluation that scores this task's predictions (mergeable across partitions). */
    public IEvaluation<?> newEvaluation() {
        return switch (kind) {
            case MULTICLASS -> new Evaluation(outputs);
            case BINARY -> new Evaluation(2);
            case REGRESSION -> new RegressionEvaluation(outputs);
        };
    }
}
