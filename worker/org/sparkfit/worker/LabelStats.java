package org.sparkfit.worker;

import java.io.Serializable;
import org.sparkfit.datasets.Examples;

/**
 * Label counts per class, or sums of label values and of their distance to a reference value: what the driver
 * needs for the baselines (majority class; mean predictor) without collecting any label.
 */
public final class LabelStats implements Serializable {
    private static final long serialVersionUID = 1L;

    private final long[] classCounts;
    private long count;
    private double sum;
    private double absoluteDeviation;
    private double squaredDeviation;

    private final double reference;

    /**
     * No labels yet.
     *
     * @param classes   the classes labels index, or 0 for real-valued labels
     * @param reference where deviations are measured from: the training set's mean label, for the mean predictor
     */
    public LabelStats(int classes, double reference) {
        this.classCounts = new long[classes];
        this.reference = reference;
    }

    /** Adds {@code data}'s labels. */
    public LabelStats add(Examples data) {
        for (int i = 0; i < data.rows(); i++) {
            float y = data.label(i);
            if (classCounts.length > 0) {
                classCounts[(int) y]++;
            }
            count++;
            sum += y;
            absoluteDeviation += Math.abs(y - reference);
            squaredDeviation += (y - reference) * (y - reference);
        }
        return this;
    }

    /** The statistics of both sets of labels together (neither is changed). */
    public LabelStats merge(LabelStats other) {
        LabelStats both = new LabelStats(classCounts.length, reference);
        for (int c = 0; c < classCounts.length; c++) {
            both.classCounts[c] = classCounts[c] + other.classCounts[c];
        }
        both.count = count + other.count;
        both.sum = sum + other.sum;
        both.absoluteDeviation = absoluteDeviation + other.absoluteDeviation;
        both.squaredDeviation = squaredDeviation + other.squaredDeviation;
        return both;
    }

    public long count() {
        return count;
    }

    public double mean() {
        return sum / count;
    }

    /** The most frequent class (the lowest index among ties). */
    public int majorityClass() {
        int best = 0;
        for (int c = 1; c < classCounts.length; c++) {
            if (classCounts[c] > classCounts[best]) {
                best = c;
            }
        }
        return best;
    }

    public double fraction(int label) {
        return (double) classCounts[label] / count;
    }

    public double meanAbsoluteDeviation() {
        return absoluteDeviation / count;
    }

    public double meanSquaredDeviation() {
        return squaredDeviation / count;
    }
}
