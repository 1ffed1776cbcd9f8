package org.sparkfit.worker;

import java.io.Serializable;
import org.nd4j.evaluation.IEvaluation;
import org.nd4j.evaluation.classification.ConfusionMatrix;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.evaluation.regression.RegressionEvaluation;

/**
 * Loss and metrics gathered over some examples: a loss sum, an example count and a DL4J evaluation (with its
 * confusion matrix), and for regression a small sample of predictions. Partitions' scores merge into one, so the
 * driver never sees all the predictions themselves.
 */
public final class Scores implements Serializable {
    private static final long serialVersionUID = 1L;

    private final IEvaluation<?> evaluation;
    private final PredictionSample sample = new PredictionSample();
    private double lossSum;
    private long examples;

    public Scores(IEvaluation<?> evaluation) {
        this.evaluation = evaluation;
    }

    /** Adds the mean loss of a batch of {@code count} examples. */
    public void addLoss(double meanLoss, int count) {
        lossSum += meanLoss * count;
        examples += count;
    }

    public IEvaluation<?> evaluation() {
        return evaluation;
    }

    /** Some (true, predicted) pairs of a regression; empty for classification. */
    public PredictionSample sample() {
        return sample;
    }

    /** Rows: true class, columns: predicted class; null for a regression task. */
    public long[][] confusionMatrix() {
        if (!(evaluation instanceof Evaluation e) || e.getConfusionMatrix() == null) {
            return null;
        }
        ConfusionMatrix<Integer> matrix = e.getConfusionMatrix();
        int classes = matrix.getClasses().size();
        long[][] counts = new long[classes][classes];
        for (int actual = 0; actual < classes; actual++) {
            for (int predicted = 0; predicted < classes; predicted++) {
                counts[actual][predicted] = matrix.getCount(actual, predicted);
            }
        }
        return counts;
    }

    public long examples() {
        return examples;
    }

    public double meanLoss() {
        return examples == 0 ? Double.NaN : lossSum / examples;
    }

    /** Adds {@code other}'s examples into this one and returns this. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Scores merge(Scores other) {
        ((IEvaluation) evaluation).merge(other.evaluation);
        sample.merge(other.sample);
        lossSum += other.lossSum;
        examples += other.examples;
        return this;
    }

    /** Classification accuracy, or NaN for a regression task. */
    public double accuracy() {
        return evaluation instanceof Evaluation e ? e.accuracy() : Double.NaN;
    }

    /** Mean absolute error averaged over outputs, or NaN for a classification task. */
    public double meanAbsoluteError() {
        return evaluation instanceof RegressionEvaluation r ? r.averageMeanAbsoluteError() : Double.NaN;
    }

    /** Mean squared error averaged over outputs, or NaN for a classification task. */
    public double meanSquaredError() {
        return evaluation instanceof RegressionEvaluation r ? r.averageMeanSquaredError() : Double.NaN;
    }
}
