package org.sparkfit.driver.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.sparkfit.driver.config.JobConfig;
import org.sparkfit.driver.config.JobConfigLoader;
import org.sparkfit.driver.store.ModelRegistry;
import org.sparkfit.driver.store.RunDirectory;
import org.sparkfit.worker.exchange.ExchangeMode;

/**
 * Several runs side by side, for choosing between experiments or reading a registry's retraining history: each
 * run's training settings and final held-out scores, as a text table and a bar chart.
 */
public final class RunComparison {

    /** One compared run: how it is labelled, its resolved job and its metrics. */
    public record Run(String label, JobConfig config, JsonNode metrics) {
    }

    private final List<Run> runs;

    private RunComparison(List<Run> runs) {
        this.runs = runs;
    }

    /** Reads the runs at {@code locations}; a registry stands for all its versions, oldest first. */
    public static RunComparison load(List<String> locations, Configuration conf) throws IOException {
        List<Run> runs = new ArrayList<>();
        for (String location : locations) {
            Optional<ModelRegistry> registry = ModelRegistry.at(location, conf);
            if (registry.isEmpty()) {
                runs.add(read(location, location, conf));
                continue;
            }
            Optional<String> current = registry.get().current();
            for (String version : registry.get().versions()) {
                String label = location + " " + version + (current.equals(Optional.of(version)) ? " (CURRENT)" : "");
                runs.add(read(registry.get().versionLocation(version), label, conf));
            }
        }
        return new RunComparison(runs);
    }

    private static Run read(String location, String label, Configuration conf) throws IOException {
        RunDirectory dir = new RunDirectory(location, conf);
        JobConfig config = JobConfigLoader.parseSaved(dir.readConfig(), dir.configLocation());
        return new Run(label, config, dir.readMetrics());
    }

    public List<Run> runs() {
        return runs;
    }

    /** The table: one row per run, its settings, held-out scores, baseline scores and training time. */
    public String table() {
        Set<String> metrics = new LinkedHashSet<>();
        Set<String> baselines = new LinkedHashSet<>();
        for (Run run : runs) {
            run.metrics().path("test").fieldNames().forEachRemaining(metrics::add);
            run.metrics().path("baseline").fieldNames().forEachRemaining(baselines::add);
        }
        List<String> header = new ArrayList<>(List.of("run", "epochs", "batch", "optimizer", "lr", "workers",
                "exchange"));
        metrics.forEach(header::add);
        baselines.forEach(b -> header.add("baseline " + b));
        header.add("train s");
        List<List<String>> rows = new ArrayList<>();
        rows.add(header);
        for (Run run : runs) {
            JobConfig c = run.config();
            List<String> row = new ArrayList<>(List.of(run.label(), String.valueOf(c.fit().epochs()),
                    String.valueOf(c.fit().batchSize()), c.compile().optimizer().name(),
                    String.valueOf(c.compile().optimizer().learningRate()), String.valueOf(c.spark().workers()),
                    c.spark().exchangeMode() == ExchangeMode.ALLREDUCE ? "allreduce"
                            : "avg/" + c.spark().averagingFrequency()));
            metrics.forEach(m -> row.add(number(run.metrics().path("test").path(m))));
            baselines.forEach(b -> row.add(number(run.metrics().path("baseline").path(b))));
            row.add(String.format(Locale.ROOT, "%.1f", run.metrics().path("train_seconds").asDouble()));
            rows.add(row);
        }
        return format(rows);
    }

    /** A bar chart (PNG) of every run's held-out scores, one bar group per metric. */
    public byte[] chart() throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(900).height(500).title("Held-out scores by run")
                .xAxisTitle("metric").yAxisTitle("value").build();
        for (Run run : runs) {
            List<String> names = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            run.metrics().path("test").fields().forEachRemaining(m -> {
                names.add(m.getKey());
                values.add(m.getValue().asDouble());
            });
            chart.addSeries(run.label(), names, values);
        }
        return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    }

    private static String number(JsonNode value) {
        return value.isNumber() ? String.format(Locale.ROOT, "%.4f", value.asDouble()) : "-";
    }

    private static String format(List<List<String>> rows) {
        int[] widths = new int[rows.get(0).size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i);
                out.append(i == 0 ? String.format("%-" + widths[i] + "s", cell)
                        : "  " + String.format("%" + widths[i] + "s", cell));
            }
            out.append('\n');
        }
        return out.toString();
    }
}
