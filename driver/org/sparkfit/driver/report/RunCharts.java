package org.sparkfit.driver.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The run report's charts, as PNG bytes keyed by file name: each metric per epoch for training and validation
 * with the baseline drawn beside it, the confusion matrix of a classifier, predicted against true for a regression.
 * Drawn with XChart from {@code metrics.json}.
 */
final class RunCharts {
    private static final int WIDTH = 640;
    private static final int HEIGHT = 400;

    private RunCharts() {
    }

    static Map<String, byte[]> draw(JsonNode metrics) throws IOException {
        Map<String, byte[]> charts = new LinkedHashMap<>();
        for (String name : trainingMetrics(metrics.path("history"))) {
            charts.put(name + ".png", png(history(metrics, name)));
        }
        JsonNode confusion = metrics.path("confusion_matrix");
        if (confusion.isArray() && !confusion.isEmpty()) {
            charts.put("confusion_matrix.png", png(confusion(confusion)));
        }
        JsonNode sample = metrics.path("regression_sample");
        if (sample.path("true").isArray() && !sample.path("true").isEmpty()) {
            charts.put("predicted_vs_true.png", png(predictedVsTrue(sample)));
        }
        return charts;
    }

    /** The history's training metrics (loss first), which are the keys without the {@code val_} prefix. */
    static List<String> trainingMetrics(JsonNode history) {
        List<String> names = new ArrayList<>();
        if (history.isArray() && !history.isEmpty()) {
            history.get(0).fields().forEachRemaining(field -> {
                String name = field.getKey();
                if (field.getValue().isNumber() && !name.startsWith("val_") && !name.equals("epoch")
                        && !name.equals("seconds")) {
                    names.add(name);
                }
            });
        }
        return names;
    }

    private static XYChart history(JsonNode metrics, String name) {
        JsonNode history = metrics.path("history");
        double[] epochs = new double[history.size()];
        double[] training = new double[history.size()];
        double[] validation = new double[history.size()];
        for (int i = 0; i < history.size(); i++) {
            epochs[i] = history.get(i).path("epoch").asDouble();
            training[i] = history.get(i).path(name).asDouble();
            validation[i] = history.get(i).path("val_" + name).asDouble();
        }
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(name + " per epoch")
                .xAxisTitle("epoch").yAxisTitle(name).build();
        chart.addSeries("training", epochs, training);
        chart.addSeries("validation", epochs, validation);
        JsonNode baseline = metrics.path("baseline").path(name);
        if (baseline.isNumber()) {
            XYSeries line = chart.addSeries("baseline", new double[] {epochs[0], epochs[epochs.length - 1]},
                    new double[] {baseline.asDouble(), baseline.asDouble()});
            line.setLineStyle(SeriesLines.DASH_DASH);
            line.setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }

    private static HeatMapChart confusion(JsonNode matrix) {
        int classes = matrix.size();
        List<Integer> labels = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            labels.add(c);
        }
        List<Number[]> cells = new ArrayList<>();
        for (int actual = 0; actual < classes; actual++) {
            for (int predicted = 0; predicted < classes; predicted++) {
                // The true class runs down the rows, as in the printed matrix: class 0 at the top.
                cells.add(new Number[] {predicted, classes - 1 - actual, matrix.get(actual).get(predicted).asLong()});
            }
        }
        List<Integer> rows = new ArrayList<>(labels);
        java.util.Collections.reverse(rows);
        HeatMapChart chart = new HeatMapChartBuilder().width(WIDTH).height(WIDTH).title("Confusion matrix (test)")
                .xAxisTitle("predicted class").yAxisTitle("true class").build();
        chart.getStyler().setShowValue(true);
        chart.getStyler().setLegendVisible(false);
        chart.addSeries("examples", labels, rows, cells);
        return chart;
    }

    private static XYChart predictedVsTrue(JsonNode sample) {
        int n = sample.path("true").size();
        double[] truth = new double[n];
        double[] predicted = new double[n];
        double low = Double.MAX_VALUE;
        double high = -Double.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            truth[i] = sample.path("true").get(i).asDouble();
            predicted[i] = sample.path("predicted").get(i).asDouble();
            low = Math.min(low, Math.min(truth[i], predicted[i]));
            high = Math.max(high, Math.max(truth[i], predicted[i]));
        }
        XYChart chart = new XYChartBuilder().width(WIDTH).height(WIDTH).title("Predicted vs true (test, first "
                + n + ")").xAxisTitle("true").yAxisTitle("predicted").build();
        XYSeries points = chart.addSeries("examples", truth, predicted);
        points.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        XYSeries diagonal = chart.addSeries("predicted = true", new double[] {low, high}, new double[] {low, high});
        diagonal.setMarker(SeriesMarkers.NONE);
        diagonal.setLineStyle(SeriesLines.DASH_DASH);
        return chart;
    }

    private static byte[] png(Chart<?, ?> chart) throws IOException {
        return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    }
}
