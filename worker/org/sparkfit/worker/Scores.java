package org.sparkfit.worker;

import java.io.Serializable;
import org.nd4j.evaluation.IEvaluation;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.evaluation.regression.RegressionEvaluation;

/**
 * Loss and metrics gathered over some examples: a loss sum, an example count and a DL4J evaluation. Partitions'
 * scores merge into one, so the driver never sees the predictions themselves.
 */
public final class Scores implements Serializable {
    private static final long serialVersionUID = 1L;

    private final IEvaluation<?> evaluation;
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
