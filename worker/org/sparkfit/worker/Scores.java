package org.sparkfit.worker;

import java.io.Serializable;
import java.lang.ref.Reference;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.stream.IntStream;
import org.nd4j.common.primitives.Counter;
import org.nd4j.evaluation.EvaluationAveraging;
import org.nd4j.evaluation.classification.ConfusionMatrix;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.evaluation.classification.ROC;
import org.nd4j.evaluation.regression.RegressionEvaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Loss and metrics gathered over some examples: a loss sum, an example count and DL4J evaluations (a
 * classification's confusion matrix, a binary task's ROC curve, or a regression's error sums), and for regression
 * a small sample of predictions. Partitions' scores merge into one, so the driver never sees all the predictions
 * themselves.
 */
public final class Scores implements Serializable {
    private static final long serialVersionUID = 2L;
    /** Keras' top_k_categorical_accuracy default. */
    public static final int TOP_K = 5;
    /** Keras' AUC default: the ROC curve is taken at this many thresholds. */
    private static final int AUC_THRESHOLDS = 200;

    private final Task task;
    private final Evaluation classification;
    /** Whether {@link #classification} counts top-k accuracy, which needs every row's sorted scores. */
    private final boolean topK;
    private final ROC roc;
    private final RegressionEvaluation regression;
    private final GoodnessOfFit fit;
    private final PredictionSample sample;
    private double lossSum;
    private long examples;
    /** Rows whose predictions held NaN or infinity: a diverged network, left out of the metrics. */
    private long unscored;

    /** @param topK whether to count top-k accuracy (more than {@link #TOP_K} classes only) */
    public Scores(Task task, boolean topK) {
        // DL4J's ROC takes one probability column, or a softmax pair (it reads class 1's).
        this(task, topK && task.isClassification() && task.labelClasses() > TOP_K,
                task.labelClasses() == 2 ? new ROC(AUC_THRESHOLDS) : null,
                task.isClassification() ? null : new RegressionEvaluation(task.outputs()),
                task.isClassification() ? null : new GoodnessOfFit(task.outputs()), new PredictionSample());
    }

    /** Scores with these evaluations, and for a classification an empty one of its own. */
    private Scores(Task task, boolean topK, ROC roc, RegressionEvaluation regression, GoodnessOfFit fit,
                   PredictionSample sample) {
        this.task = task;
        this.topK = topK;
        this.classification = !task.isClassification() ? null : topK ? new Evaluation(IntStream.range(0,
                task.labelClasses()).mapToObj(Integer::toString).toList(), TOP_K) : new Evaluation(task.labelClasses());
        this.roc = roc;
        this.regression = regression;
        this.fit = fit;
        this.sample = sample;
    }

    /**
     * Adds a batch's predictions unless training has diverged to NaN/inf ones, which DL4J's evaluations refuse:
     * the batch's loss is then non-finite too, and the driver stops the job naming the epoch and round.
     *
     * @param labels the label array the network trains on ({@link Task#fillLabels})
     */
    public void eval(INDArray labels, INDArray predictions) {
        boolean counted = classification != null && task.kind() == Task.Kind.MULTICLASS && !topK;
        if (counted ? !countClasses(labels, predictions) : !Double.isFinite(predictions.sumNumber().doubleValue())) {
            unscored += predictions.size(0);
            return;
        }
        INDArray truth = labels;
        INDArray scores = predictions;
        if (task.kind() == Task.Kind.MARGIN) {
            // Hinge trains on -1/1 labels and unbounded margins; scored as 0/1 labels and a monotone score in (0, 1).
            truth = labels.add(1).divi(2);
            scores = Transforms.sigmoid(predictions, true);
        }
        if (classification == null) {
            regression.eval(truth, scores);
            fit.add(truth, scores);
        } else if (!counted) {
            classification.eval(truth, scores);
        }
        if (roc != null) {
            roc.eval(truth, scores);
        }
    }

    /**
     * What DL4J's {@code Evaluation.eval(labels, predictions)} counts for one-hot labels, row by row, read in place
     * from the arrays' memory: its array path costs 2 ms for a batch of 128 rows and 10 classes, 15% of a training
     * step of the benchmark's network (measured by LocalStepBenchmark), for counts that take microseconds; and no
     * ND4J operation runs, whose bookkeeping of native memory is garbage the collector copies. Ties go to the first
     * class, as ND4J's arg-max does.
     *
     * @return false, counting nothing, when a prediction is not finite
     */
    private boolean countClasses(INDArray labels, INDArray predictions) {
        try {
            int rows = Math.toIntExact(predictions.size(0));
            int columns = Math.toIntExact(predictions.size(1));
            FloatBuffer predicted = rowMajor(predictions);
            for (int i = 0; i < rows * columns; i++) {
                if (!Float.isFinite(predicted.get(i))) {
                    return false;
                }
            }
            FloatBuffer truth = rowMajor(labels);
            for (int r = 0; r < rows; r++) {
                classification.eval(argMax(predicted, r * columns, columns), argMax(truth, r * columns, columns));
            }
            return true;
        } finally {
            // The buffers read the arrays' memory, which collecting an array would free (NativeFloats).
            Reference.reachabilityFence(predictions);
            Reference.reachabilityFence(labels);
        }
    }

    /** The values of a matrix in c order: in place when they lie so, else from a c-order copy. */
    private static FloatBuffer rowMajor(INDArray array) {
        return NativeFloats.isContiguous(array) ? NativeFloats.ofContiguous(array)
                : FloatBuffer.wrap(array.dup('c').data().asFloat());
    }

    private static int argMax(FloatBuffer values, int from, int count) {
        int best = 0;
        for (int i = 1; i < count; i++) {
            if (values.get(from + i) > values.get(from + best)) {
                best = i;
            }
        }
        return best;
    }

    /** Adds the mean loss of a batch of {@code count} examples. */
    public void addLoss(double meanLoss, int count) {
        lossSum += meanLoss * count;
        examples += count;
    }

    /** Some (true, predicted) pairs of a regression; empty for classification. */
    public PredictionSample sample() {
        return sample;
    }

    /** Rows: true class, columns: predicted class; null for a regression task. */
    public long[][] confusionMatrix() {
        if (classification == null || classification.getConfusionMatrix() == null) {
            return null;
        }
        ConfusionMatrix<Integer> matrix = classification.getConfusionMatrix();
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

    /** Rows left unscored because the network's predictions for them were not finite. */
    public long unscored() {
        return unscored;
    }

    /** The loss summed over the examples scored (0 when none). */
    public double lossSum() {
        return lossSum;
    }

    public double meanLoss() {
        return examples == 0 ? Double.NaN : lossSum / examples;
    }

    /** Adds {@code other}'s examples into this one and returns this. */
    public Scores merge(Scores other) {
        if (classification != null) {
            classification.merge(other.classification);
        } else {
            regression.merge(other.regression);
            fit.merge(other.fit);
        }
        if (roc != null) {
            roc.merge(other.roc);
        }
        sample.merge(other.sample);
        lossSum += other.lossSum;
        examples += other.examples;
        unscored += other.unscored;
        return this;
    }

    /**
     * The value of metric {@code name} (Keras' name) over the examples seen; NaN where the task has no such metric
     * or no example was scored. Precision and recall are the positive class's for a binary task (as Keras'
     * Precision and Recall) and macro averages over classes otherwise; f1 is always the macro average.
     */
    public double metric(String name) {
        if (classification != null && (classification.getConfusionMatrix() == null
                || classification.getNumRowCounter() == 0)) {
            return Double.NaN;
        }
        boolean binary = task.labelClasses() == 2;
        return switch (name) {
            case "accuracy" -> classification == null ? Double.NaN : classification.accuracy();
            case "precision" -> classification == null ? Double.NaN
                    : binary ? classification.precision(1) : classification.precision(EvaluationAveraging.Macro);
            case "recall" -> classification == null ? Double.NaN
                    : binary ? classification.recall(1) : classification.recall(EvaluationAveraging.Macro);
            case "f1" -> classification == null ? Double.NaN : classification.f1(EvaluationAveraging.Macro);
            case "top_k_accuracy" -> classification == null ? Double.NaN : classification.topNAccuracy();
            case "auc" -> roc == null ? Double.NaN : roc.calculateAUC();
            case "mae" -> regression == null ? Double.NaN : regression.averageMeanAbsoluteError();
            case "mse" -> regression == null ? Double.NaN : regression.averageMeanSquaredError();
            case "rmse" -> regression == null ? Double.NaN : regression.averagerootMeanSquaredError();
            case "r2" -> regression == null ? Double.NaN : fit.rSquared();
            default -> throw new IllegalArgumentException("unknown metric " + name);
        };
    }

    /** Scores travel as their {@link SerialForm}. */
    private Object writeReplace() {
        return SerialForm.of(this);
    }

    /**
     * How scores travel (each epoch's reports, Spark's task results): a classification's counts in a few arrays
     * instead of DL4J's evaluation object, whose hundreds of maps, multisets and boxed numbers Java serialization
     * walks one by one (and the JIT compiles that walk, on a core a training task needs), and a regression's sample
     * as the pairs it holds rather than its whole capacity; the rest as it is.
     *
     * @param confusion rows by true class, columns by predicted class; null for a regression
     * @param counters  true positives, false positives, true negatives and false negatives by class, NaN where
     *                  DL4J's counter has no entry
     * @param sampleTruth the sample's true values, {@code samplePredicted} its predictions
     */
    private record SerialForm(Task task, boolean topK, int[] confusion, double[] counters, int rows, int topNCorrect,
                              int topNTotal, ROC roc, RegressionEvaluation regression, GoodnessOfFit fit,
                              float[] sampleTruth, float[] samplePredicted, double lossSum, long examples,
                              long unscored)
            implements Serializable {
        private static final long serialVersionUID = 1L;

        static SerialForm of(Scores scores) {
            Evaluation evaluation = scores.classification;
            int[] confusion = null;
            double[] counters = null;
            if (evaluation != null) {
                int classes = scores.task.labelClasses();
                confusion = new int[classes * classes];
                ConfusionMatrix<Integer> matrix = evaluation.getConfusion();
                for (int actual = 0; actual < classes; actual++) {
                    for (int predicted = 0; predicted < classes; predicted++) {
                        confusion[actual * classes + predicted] = matrix.getCount(actual, predicted);
                    }
                }
                List<Counter<Integer>> each = counters(evaluation);
                counters = new double[each.size() * classes];
                for (int k = 0; k < each.size(); k++) {
                    for (int c = 0; c < classes; c++) {
                        counters[k * classes + c] = each.get(k).keySet().contains(c) ? each.get(k).getCount(c)
                                : Double.NaN;
                    }
                }
            }
            return new SerialForm(scores.task, scores.topK, confusion, counters,
                    evaluation == null ? 0 : evaluation.getNumRowCounter(),
                    evaluation == null ? 0 : evaluation.getTopNCorrectCount(),
                    evaluation == null ? 0 : evaluation.getTopNTotalCount(), scores.roc, scores.regression,
                    scores.fit, scores.sample.truth(), scores.sample.predicted(), scores.lossSum, scores.examples,
                    scores.unscored);
        }

        private static List<Counter<Integer>> counters(Evaluation evaluation) {
            return List.of(evaluation.getTruePositives(), evaluation.getFalsePositives(),
                    evaluation.getTrueNegatives(), evaluation.getFalseNegatives());
        }

        private Object readResolve() {
            PredictionSample sample = new PredictionSample();
            for (int i = 0; i < sampleTruth.length; i++) {
                sample.add(sampleTruth[i], samplePredicted[i]);
            }
            Scores scores = new Scores(task, topK, roc, regression, fit, sample);
            scores.lossSum = lossSum;
            scores.examples = examples;
            scores.unscored = unscored;
            Evaluation evaluation = scores.classification;
            if (evaluation != null) {
                int classes = task.labelClasses();
                ConfusionMatrix<Integer> matrix = evaluation.getConfusion();
                for (int actual = 0; actual < classes; actual++) {
                    for (int predicted = 0; predicted < classes; predicted++) {
                        int count = confusion[actual * classes + predicted];
                        if (count > 0) {
                            matrix.add(actual, predicted, count);
                        }
                    }
                }
                List<Counter<Integer>> each = counters(evaluation);
                for (int k = 0; k < each.size(); k++) {
                    for (int c = 0; c < classes; c++) {
                        if (!Double.isNaN(counters[k * classes + c])) {
                            each.get(k).setCount(c, counters[k * classes + c]);
                        }
                    }
                }
                evaluation.setNumRowCounter(rows);
                evaluation.setTopNCorrectCount(topNCorrect);
                evaluation.setTopNTotalCount(topNTotal);
            }
            return scores;
        }
    }
}
