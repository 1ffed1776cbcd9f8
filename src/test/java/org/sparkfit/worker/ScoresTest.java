package org.sparkfit.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Each metric against its value computed by hand from a few predictions, split across two merged partitions. */
class ScoresTest {

    private static INDArray rows(double[][] values) {
        return Nd4j.create(values).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
    }

    @Test
    void multiclassPrecisionRecallF1AreMacroAveragesAndTopKCountsTheFiveLikeliest() {
        Task task = Task.multiclass(6);
        // true classes 0, 0, 1, 2 predicted as 0, 1, 1, 5; class 2's true class is 4th likeliest in row 4
        double[][] p = {
            {0.9, 0.1, 0, 0, 0, 0}, {0.3, 0.4, 0.1, 0.1, 0.05, 0.05},
            {0.1, 0.8, 0.05, 0.05, 0, 0}, {0.3, 0.25, 0.1, 0.15, 0, 0.2}};
        double[][] y = {{1, 0, 0, 0, 0, 0}, {1, 0, 0, 0, 0, 0}, {0, 1, 0, 0, 0, 0}, {0, 0, 1, 0, 0, 0}};
        Scores first = new Scores(task, true);
        first.eval(rows(new double[][] {y[0], y[1]}), rows(new double[][] {p[0], p[1]}));
        Scores second = new Scores(task, true);
        second.eval(rows(new double[][] {y[2], y[3]}), rows(new double[][] {p[2], p[3]}));
        Scores all = first.merge(second);
        assertEquals(0.5, all.metric("accuracy"), 1e-9);
        // classes seen: 0 (P 1, R 0.5), 1 (P 0.5, R 1), 2 (P 0 - never predicted, R 0), 5 (predicted once, wrong)
        double precision = all.metric("precision");
        double recall = all.metric("recall");
        assertEquals(0.5, recall, 1e-9, "macro recall over the classes present: (0.5 + 1 + 0) / 3");
        assertEquals(0.5, precision, 1e-9, "DL4J's macro precision: (1 + 0.5 + 0) / 3 over the classes predicted");
        assertEquals(1.0, all.metric("top_k_accuracy"), 1e-9, "every true class is among its row's 5 likeliest");
        assertEquals(Double.NaN, all.metric("mae"));
    }

    @Test
    void countingOnJavaArraysAgreesWithDl4jsEvaluationOfTheSameRows() {
        int rows = 500;
        int classes = 7;
        java.util.Random random = new java.util.Random(3);
        float[] p = new float[rows * classes];
        float[] y = new float[rows * classes];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < classes; c++) {
                // a few exact ties, which both sides break towards the first class
                p[r * classes + c] = r % 50 == 0 ? 0.5f : random.nextFloat();
            }
            y[r * classes + random.nextInt(classes)] = 1;
        }
        INDArray predictions = Nd4j.create(p, new long[] {rows, classes}, 'c');
        INDArray labels = Nd4j.create(y, new long[] {rows, classes}, 'c');
        Scores scores = new Scores(Task.multiclass(classes), false);
        scores.eval(labels.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 300),
                org.nd4j.linalg.indexing.NDArrayIndex.all()), predictions.get(
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 300), org.nd4j.linalg.indexing.NDArrayIndex.all()));
        scores.eval(labels.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(300, rows),
                org.nd4j.linalg.indexing.NDArrayIndex.all()), predictions.get(
                org.nd4j.linalg.indexing.NDArrayIndex.interval(300, rows), org.nd4j.linalg.indexing.NDArrayIndex.all()));
        org.nd4j.evaluation.classification.Evaluation dl4j = new org.nd4j.evaluation.classification.Evaluation(classes);
        dl4j.eval(labels, predictions);
        assertEquals(dl4j.accuracy(), scores.metric("accuracy"));
        assertEquals(dl4j.precision(org.nd4j.evaluation.EvaluationAveraging.Macro), scores.metric("precision"));
        assertEquals(dl4j.recall(org.nd4j.evaluation.EvaluationAveraging.Macro), scores.metric("recall"));
        assertEquals(dl4j.f1(org.nd4j.evaluation.EvaluationAveraging.Macro), scores.metric("f1"));
        for (int actual = 0; actual < classes; actual++) {
            for (int predicted = 0; predicted < classes; predicted++) {
                assertEquals(dl4j.getConfusionMatrix().getCount(actual, predicted),
                        scores.confusionMatrix()[actual][predicted], actual + " predicted as " + predicted);
            }
        }
    }

    @Test
    void aBatchWithANonFinitePredictionIsLeftOutWholeAndEitherLayoutCountsTheSame() {
        INDArray labels = rows(new double[][] {{1, 0, 0}, {0, 1, 0}});
        Scores scores = new Scores(Task.multiclass(3), false);
        scores.eval(labels, rows(new double[][] {{0.2, 0.7, 0.1}, {0.1, Double.NaN, 0.9}}));
        assertEquals(2, scores.unscored());
        assertEquals(Double.NaN, scores.metric("accuracy"), "nothing was counted");
        // column-major arrays, read through a row-major copy: row 0 right, row 1 taken for class 2
        scores.eval(labels.dup('f'), rows(new double[][] {{0.8, 0.1, 0.1}, {0.3, 0.3, 0.4}}).dup('f'));
        assertEquals(2, scores.unscored());
        assertEquals(0.5, scores.metric("accuracy"));
        assertArrayEquals(new long[] {1, 0, 0}, scores.confusionMatrix()[0]);
        assertArrayEquals(new long[] {0, 0, 1}, scores.confusionMatrix()[1]);
    }

    @Test
    void macroAveragesWhenEveryClassIsPresentAndPredicted() {
        Scores scores = new Scores(Task.multiclass(3), false);
        double[][] onehot = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        int[] truth = {0, 0, 1, 1, 2, 2};
        int[] predicted = {0, 1, 1, 1, 2, 0};
        double[][] y = new double[6][];
        double[][] p = new double[6][];
        for (int i = 0; i < 6; i++) {
            y[i] = onehot[truth[i]];
            p[i] = onehot[predicted[i]];
        }
        scores.eval(rows(y), rows(p));
        // per class P/R/F1: 0: 1/2, 1/2, 1/2; 1: 2/3, 1, 4/5; 2: 1, 1/2, 2/3
        assertEquals((0.5 + 2.0 / 3 + 1) / 3, scores.metric("precision"), 1e-9);
        assertEquals((0.5 + 1 + 0.5) / 3, scores.metric("recall"), 1e-9);
        assertEquals((0.5 + 0.8 + 2.0 / 3) / 3, scores.metric("f1"), 1e-9);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new long[][] {{1, 1, 0}, {0, 2, 0}, {1, 0, 1}},
                scores.confusionMatrix(), "rows: true class, columns: predicted");
    }

    @Test
    void binaryPrecisionRecallAreClassOnesAndAucRanksScores() {
        Scores scores = new Scores(Task.binary(), false);
        // labels 1, 1, 0, 0 with scores 0.9, 0.4, 0.6, 0.1: at 0.5, TP 1, FP 1, FN 1; AUC = 3 of 4 pairs ranked right
        scores.eval(rows(new double[][] {{1}, {1}, {0}, {0}}), rows(new double[][] {{0.9}, {0.4}, {0.6}, {0.1}}));
        assertEquals(0.5, scores.metric("accuracy"), 1e-9);
        assertEquals(0.5, scores.metric("precision"), 1e-9);
        assertEquals(0.5, scores.metric("recall"), 1e-9);
        assertEquals(0.75, scores.metric("auc"), 0.01);
    }

    @Test
    void aTwoClassSoftmaxGetsTheSameAucAsOneSigmoid() {
        Scores scores = new Scores(Task.multiclass(2), false);
        // The same labels and class-1 scores as above, one-hot and as softmax pairs.
        scores.eval(rows(new double[][] {{0, 1}, {0, 1}, {1, 0}, {1, 0}}),
                rows(new double[][] {{0.1, 0.9}, {0.6, 0.4}, {0.4, 0.6}, {0.9, 0.1}}));
        assertEquals(0.75, scores.metric("auc"), 0.01);
    }

    @Test
    void hingeMarginsScoreByTheirSign() {
        Scores scores = new Scores(Task.margin(), false);
        float[] labels = {1, 0, 1};
        INDArray trained = CutBatches.labels(Task.margin(), labels, new int[] {0, 1, 2}, 0, 3);
        assertEquals(-1f, trained.getFloat(1, 0), "hinge trains on -1/1");
        scores.eval(trained, rows(new double[][] {{2.5}, {-0.3}, {-0.1}}));
        assertEquals(2.0 / 3, scores.metric("accuracy"), 1e-9);
        assertEquals(1.0, scores.metric("auc"), 0.01, "margins rank the positives first");
    }

    @Test
    void regressionErrorsAndR2() {
        Scores scores = new Scores(Task.regression(), false);
        scores.eval(rows(new double[][] {{1}, {2}, {3}, {6}}), rows(new double[][] {{1.5}, {2}, {2}, {6}}));
        // errors 0.5, 0, 1, 0: MAE 0.375, MSE 0.3125; labels mean 3, SST 14, SSE 1.25
        assertEquals(0.375, scores.metric("mae"), 1e-6);
        assertEquals(0.3125, scores.metric("mse"), 1e-6);
        assertEquals(Math.sqrt(0.3125), scores.metric("rmse"), 1e-6);
        assertEquals(1 - 1.25 / 14, scores.metric("r2"), 1e-6);
        assertEquals(Double.NaN, scores.metric("accuracy"));
    }

    private static final List<String> METRICS = List.of("accuracy", "precision", "recall", "f1", "top_k_accuracy",
            "auc", "mae", "mse", "rmse", "r2");

    @Test
    void scoresTravelAsCountsAndComeBackWithEveryMetricAndMergeAsBefore() throws Exception {
        Task six = Task.multiclass(6);
        double[][] p = {{0.9, 0.1, 0, 0, 0, 0}, {0.3, 0.4, 0.1, 0.1, 0.05, 0.05}, {0.1, 0.8, 0.05, 0.05, 0, 0}};
        double[][] y = {{1, 0, 0, 0, 0, 0}, {1, 0, 0, 0, 0, 0}, {0, 1, 0, 0, 0, 0}};
        for (boolean topK : new boolean[] {true, false}) {
            assertTravels(six, topK, rows(y), rows(p), rows(new double[][] {{0, 0, 1, 0, 0, 0}}),
                    rows(new double[][] {{0.3, 0.25, 0.1, 0.15, 0, 0.2}}));
        }
        assertTravels(Task.binary(), false, rows(new double[][] {{1}, {1}, {0}}), rows(new double[][] {{0.9}, {0.4},
                {0.6}}), rows(new double[][] {{0}}), rows(new double[][] {{0.1}}));
        assertTravels(Task.regression(), false, rows(new double[][] {{1}, {2}, {3}}), rows(new double[][] {{1.5},
                {2}, {2}}), rows(new double[][] {{6}}), rows(new double[][] {{6}}));
        Scores scores = new Scores(six, false);
        scores.eval(rows(y), rows(p));
        assertTrue(serialized(scores).length < 2048, "counts, not DL4J's objects: " + serialized(scores).length);
    }

    /** Two parts' scores, sent and received apart, then merged: as if they had been merged where they were made. */
    private static void assertTravels(Task task, boolean topK, INDArray labels, INDArray predictions,
                                      INDArray moreLabels, INDArray morePredictions) throws Exception {
        Scores first = new Scores(task, topK);
        first.eval(labels, predictions);
        first.addLoss(0.5, 3);
        first.sample().add(2.5f, 2f);
        Scores second = new Scores(task, topK);
        second.eval(moreLabels, morePredictions);
        second.addLoss(0.25, 1);
        Scores travelled = received(first).merge(received(second));
        Scores merged = first.merge(second);
        for (String metric : METRICS) {
            assertEquals(merged.metric(metric), travelled.metric(metric), task + " " + metric);
        }
        assertEquals(merged.examples(), travelled.examples());
        assertEquals(merged.lossSum(), travelled.lossSum());
        assertEquals(merged.unscored(), travelled.unscored());
        assertArrayEquals(merged.confusionMatrix(), travelled.confusionMatrix(), task + " confusion");
        assertArrayEquals(merged.sample().truth(), travelled.sample().truth());
        assertArrayEquals(merged.sample().predicted(), travelled.sample().predicted());
    }

    private static byte[] serialized(Scores scores) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(scores);
        }
        return bytes.toByteArray();
    }

    private static Scores received(Scores scores) throws Exception {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(serialized(scores)))) {
            return (Scores) in.readObject();
        }
    }
}
