package org.sparkfit.worker;

import java.io.Serializable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The sums behind the coefficient of determination {@code r2 = 1 - SSE / SST} of each output, mergeable across
 * partitions. (DL4J's RegressionEvaluation reports an r2 that does not match {@code 1 - SSE / SST} over the data
 * it was given, checked against hand-computed values in LayerTrainingTest.)
 */
final class GoodnessOfFit implements Serializable {
    private static final long serialVersionUID = 1L;

    private final double[] labelSum;
    private final double[] labelSquares;
    private final double[] squaredErrors;
    private long count;

    GoodnessOfFit(int outputs) {
        labelSum = new double[outputs];
        labelSquares = new double[outputs];
        squaredErrors = new double[outputs];
    }

    void add(INDArray labels, INDArray predictions) {
        double[][] y = labels.toDoubleMatrix();
        double[][] predicted = predictions.toDoubleMatrix();
        for (int r = 0; r < y.length; r++) {
            for (int c = 0; c < labelSum.length; c++) {
                double error = y[r][c] - predicted[r][c];
                labelSum[c] += y[r][c];
                labelSquares[c] += y[r][c] * y[r][c];
                squaredErrors[c] += error * error;
            }
        }
        count += y.length;
    }

    void merge(GoodnessOfFit other) {
        for (int c = 0; c < labelSum.length; c++) {
            labelSum[c] += other.labelSum[c];
            labelSquares[c] += other.labelSquares[c];
            squaredErrors[c] += other.squaredErrors[c];
        }
        count += other.count;
    }

    /** r2 averaged over outputs; NaN before any example. */
    double rSquared() {
        if (count == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int c = 0; c < labelSum.length; c++) {
            double total = labelSquares[c] - labelSum[c] * labelSum[c] / count;
            sum += 1 - squaredErrors[c] / total;
        }
        return sum / labelSum.length;
    }
}
