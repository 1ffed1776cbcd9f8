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

    private LabelStats(int classes) {
        this.classCounts = new long[classes];
    }

    /** Statistics of {@code data}'s labels; deviations are measured from {@code reference}. */
    public static LabelStats of(Examples data, Task task, double reference) {
        LabelStats stats = new LabelStats(task.labelClasses());
        for (int i = 0; i < data.rows(); i++) {
            float y = data.label(i);
            if (stats.classCounts.length > 0) {
                stats.classCounts[(int) y]++;
            }
            stats.count++;
            stats.sum += y;
            stats.absoluteDeviation += Math.abs(y - reference);
            stats.squaredDeviation += (y - reference) * (y - reference);
        }
        return stats;
    }

    public LabelStats merge(LabelStats other) {
        for (int c = 0; c < classCounts.length; c++) {
            classCounts[c] += other.classCounts[c];
        }
        count += other.count;
        sum += other.sum;
        absoluteDeviation += other.absoluteDeviation;
        squaredDeviation += other.squaredDeviation;
        return this;
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
