package org.sparkfit.driver.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Base64;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.text.StringEscapeUtils;
import org.sparkfit.driver.store.RunDirectory;
import org.sparkfit.driver.store.StagedOutput;

/**
 * {@code report.html}: one self-contained page (charts embedded, no network needed) with the held-out scores
 * beside the baseline, the curves per epoch, the confusion matrix or predicted-vs-true chart, the per-epoch table,
 * timings, where it ran (Spark master, ND4J backend and device), the Keras-style summary and the job's config.
 * The charts are also written as PNG files under {@code charts/}.
 */
public final class RunReport {
    public static final String FILE = "report.html";
    public static final String CHARTS = "charts";
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunReport() {
    }

    /** Writes the report and its charts into a staged run directory from the texts of its other files. */
    public static void write(StagedOutput run, String metricsJson, String summary, String config) throws IOException {
        JsonNode metrics = JSON.readTree(metricsJson);
        Map<String, byte[]> charts = RunCharts.draw(metrics);
        for (Map.Entry<String, byte[]> chart : charts.entrySet()) {
            try (OutputStream out = run.create(CHARTS + "/" + chart.getKey())) {
                out.write(chart.getValue());
            }
        }
        run.writeString(FILE, html(metrics, summary, config, charts));
    }

    static String html(JsonNode metrics, String summary, String config, Map<String, byte[]> charts) {
        String name = metrics.path("name").asText("sparkfit run");
        StringBuilder page = new StringBuilder();
        page.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(escape(name)).append(" - sparkfit report</title>\n<style>")
                .append("body{font-family:sans-serif;margin:2em;max-width:1400px;color:#222}")
                .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #bbb;padding:4px 10px;")
                .append("text-align:right}th{background:#eee}td:first-child,th:first-child{text-align:left}")
                .append("pre{background:#f6f6f6;padding:1em;overflow-x:auto}img{margin:0.5em;border:1px solid #ddd}")
                .append("</style></head>\n<body>\n<h1>").append(escape(name)).append("</h1>\n");

        page.append("<h2>Held-out scores</h2>\n<table><tr><th>metric</th><th>model</th><th>baseline</th></tr>\n");
        for (Iterator<Map.Entry<String, JsonNode>> it = metrics.path("test").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> metric = it.next();
            JsonNode baseline = metrics.path("baseline").path(metric.getKey());
            page.append("<tr><td>").append(escape(metric.getKey())).append("</td><td>")
                    .append(number(metric.getValue())).append("</td><td>")
                    .append(baseline.isNumber() ? number(baseline) : "").append("</td></tr>\n");
        }
        page.append("</table>\n<p>Baseline: the training set's majority class (classification) or mean label "
                + "(regression), always predicted.</p>\n");

        page.append("<h2>Charts</h2>\n<div>");
        charts.forEach((file, png) -> page.append("<img alt=\"").append(escape(file)).append("\" src=\"data:image/png;"
                + "base64,").append(Base64.getEncoder().encodeToString(png)).append("\">"));
        page.append("</div>\n");

        page.append("<h2>History</h2>\n").append(historyTable(metrics.path("history")));

        page.append("<h2>Where and how long</h2>\n<table>\n");
        row(page, "training time", String.format(Locale.ROOT, "%.1f s", metrics.path("train_seconds").asDouble()));
        row(page, "Spark master", metrics.path("spark_master").asText());
        row(page, "workers", metrics.path("workers").asText());
        if (metrics.path("exchange").asText("averaging").equals("allreduce")) {
            row(page, "exchange", "gradients summed every mini-batch");
        } else {
            row(page, "exchange", "averaging every " + metrics.path("averaging_frequency").asText() + " mini-batches");
        }
        for (JsonNode backend : metrics.path("backend")) {
            row(page, "ND4J", backend.asText());
        }
        page.append("</table>\n");

        page.append("<h2>Model</h2>\n<pre>").append(escape(summary)).append("</pre>\n");
        page.append("<h2>Job (").append(RunDirectory.CONFIG).append(")</h2>\n<pre>").append(escape(config))
                .append("</pre>\n");
        // Lets a headless browser report how many charts it decoded (data-charts on <body>).
        page.append("<script>window.addEventListener('load',function(){var n=0;for(var i of document.images)"
                + "{if(i.complete&&i.naturalWidth>0)n++}document.body.dataset.charts=n});</script>\n");
        page.append("</body></html>\n");
        return page.toString();
    }

    private static String historyTable(JsonNode history) {
        StringBuilder table = new StringBuilder("<table><tr>");
        if (history.isEmpty()) {
            return "";
        }
        history.get(0).fields().forEachRemaining(f -> {
            if (f.getValue().isNumber()) {
                table.append("<th>").append(escape(f.getKey())).append("</th>");
            }
        });
        history.get(0).path("timing").fieldNames().forEachRemaining(f -> table.append("<th>")
                .append(escape(f)).append(" s</th>"));
        table.append("</tr>\n");
        for (JsonNode epoch : history) {
            table.append("<tr>");
            epoch.fields().forEachRemaining(f -> {
                if (f.getValue().isNumber()) {
                    table.append("<td>").append(f.getKey().equals("epoch") ? f.getValue().asText()
                            : number(f.getValue())).append("</td>");
                }
            });
            epoch.path("timing").forEach(t -> table.append("<td>").append(number(t)).append("</td>"));
            table.append("</tr>\n");
        }
        return table.append("</table>\n").toString();
    }

    private static void row(StringBuilder page, String key, String value) {
        page.append("<tr><td>").append(escape(key)).append("</td><td>").append(escape(value)).append("</td></tr>\n");
    }

    private static String number(JsonNode value) {
        return String.format(Locale.ROOT, "%.4f", value.asDouble());
    }

    private static String escape(String text) {
        return StringEscapeUtils.escapeHtml4(text);
    }
}
