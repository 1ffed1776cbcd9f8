package org.sparkfit.datasets;

import java.io.Serializable;

/**
 * Keras-course standardization of features: each feature has the training set's mean subtracted and is divided
 * by the training set's standard deviation. Fitted once on the training data ({@link Moments}), then applied to
 * every data set the model sees, so training, evaluation and prediction see features alike.
 */
public record Standardization(float[] mean, float[] std) implements Serializable {

    /** {@code data} standardized: each row as it is copied out into a mini-batch. */
    public Examples apply(Examples data) {
        return data.standardizedBy(this);
    }

    /** Per-feature sums of a data set's features, mergeable across partitions: what a standardization is fitted on. */
    public static final class Moments implements Serializable {
        private static final long serialVersionUID = 1L;

        private final double[] sum;
        private final double[] sumOfSquares;
        private long rows;

        /** No rows yet, of {@code width} features. */
        public Moments(int width) {
            sum = new double[width];
            sumOfSquares = new double[width];
        }

        /** The moments of {@code data}'s preprocessed features. */
        public Moments(Examples data) {
            this(data.width());
            add(data);
        }

        /** Adds {@code data}'s preprocessed features, as they are copied into mini-batches. */
        public Moments add(Examples data) {
            float[] row = new float[sum.length];
            for (int r = 0; r < data.rows(); r++) {
                data.copyRow(r, row, 0);
                for (int i = 0; i < row.length; i++) {
                    double v = row[i];
                    sum[i] += v;
                    sumOfSquares[i] += v * v;
                }
            }
            rows += data.rows();
            return this;
        }

        /** The moments of both sets of rows together (neither is changed). */
        public Moments merge(Moments other) {
            Moments both = new Moments(sum.length);
            for (int i = 0; i < sum.length; i++) {
                both.sum[i] = sum[i] + other.sum[i];
                both.sumOfSquares[i] = sumOfSquares[i] + other.sumOfSquares[i];
            }
            both.rows = rows + other.rows;
            return both;
        }

        /**
         * The mean and (population) standard deviation of each feature, as numpy's {@code x.mean(axis=0)} and
         * {@code x.std(axis=0)}; a constant feature gets deviation 1, so it becomes 0 instead of NaN.
         */
        public Standardization fit() {
            float[] mean = new float[sum.length];
            float[] std = new float[sum.length];
            for (int i = 0; i < sum.length; i++) {
                double m = sum[i] / rows;
                double variance = Math.max(0, sumOfSquares[i] / rows - m * m);
                mean[i] = (float) m;
                std[i] = variance > 1e-12 ? (float) Math.sqrt(variance) : 1f;
            }
            return new Standardization(mean, std);
        }
    }
}
