package org.sparkfit.driver.config;

import java.util.List;
import org.sparkfit.driver.model.Activations;
import org.sparkfit.driver.model.Losses;
import org.sparkfit.driver.model.Names;
import org.sparkfit.driver.model.Optimizers;

/**
 * Checks a bound job for missing keys, out-of-range values and keys that do not belong together. Whether the
 * layers fit the input and the loss fits the last layer is checked when the network is planned.
 */
final class JobValidator {
    private JobValidator() {
    }

    static void validate(JobConfig job) {
        if (job.data() == null) {
            throw new ConfigException("data", "missing: give data.train and data.test (see docs/CONFIG.md)");
        }
        source("data.train", job.data().train());
        source("data.test", job.data().test());
        positive("data.scale", job.data().scale());
        model(job.model());
        compile(job.compile());
        atLeastOne("fit.epochs", job.fit().epochs());
        atLeastOne("fit.batch_size", job.fit().batchSize());
        atLeastOne("fit.checkpoint.every", job.fit().checkpoint().every());
        atLeastOne("fit.checkpoint.keep", job.fit().checkpoint().keep());
        earlyStopping(job.fit().earlyStopping(), job.compile().metrics());
        retrain(job.retrain(), job.compile().metrics());
        atLeastOne("spark.workers", job.spark().workers());
        atLeastOne("spark.averaging_frequency", job.spark().averagingFrequency());
        if (job.output().isBlank()) {
            throw new ConfigException("output", "empty; give a directory path or URI for the run");
        }
    }

    private static void earlyStopping(EarlyStoppingConfig stopping, List<String> metrics) {
        if (stopping == null) {
            return;
        }
        List<String> keys = new java.util.ArrayList<>(List.of("loss", "val_loss"));
        metrics.forEach(m -> keys.addAll(List.of(m, "val_" + m)));
        if (!keys.contains(stopping.monitor())) {
            throw new ConfigException("fit.early_stopping.monitor", "unknown metric '" + stopping.monitor() + "'"
                    + Names.suggestion(stopping.monitor(), keys) + "; this job's history has " + String.join(", ",
                    keys));
        }
        if (stopping.patience() < 0) {
            throw new ConfigException("fit.early_stopping.patience", "must be 0 or more, got " + stopping.patience());
        }
        if (!(stopping.minDelta() >= 0)) {
            throw new ConfigException("fit.early_stopping.min_delta", "must be 0 or more, got " + stopping.minDelta());
        }
        if (!List.of("auto", "min", "max").contains(stopping.mode())) {
            throw new ConfigException("fit.early_stopping.mode", "must be auto, min or max, got '" + stopping.mode()
                    + "'");
        }
    }

    private static void retrain(RetrainConfig retrain, List<String> metrics) {
        List<String> keys = new java.util.ArrayList<>(List.of("loss"));
        keys.addAll(metrics);
        String metric = retrain.metricFor(metrics);
        if (!keys.contains(metric)) {
            throw new ConfigException("retrain.metric", "unknown metric '" + metric + "'" + Names.suggestion(metric,
                    keys) + "; this job reports " + String.join(", ", keys));
        }
        if (!(retrain.minImprovement() >= 0)) {
            throw new ConfigException("retrain.min_improvement", "must be 0 or more, got "
                    + retrain.minImprovement());
        }
        atLeastOne("retrain.stale_lock_minutes", retrain.staleLockMinutes());
    }

    private static void source(String key, SourceConfig source) {
        if (source == null) {
            throw new ConfigException(key, "missing: give {format: idx, images: ..., labels: ...} or "
                    + "{format: csv, path: ..., label: ...}");
        }
        if (source.format() == null) {
            throw new ConfigException(key + ".format", "missing: idx or csv");
        }
        switch (source.format()) {
            case "idx" -> {
                required(key + ".images", source.images());
                required(key + ".labels", source.labels());
                absent(key, "path", source.path(), "idx");
                absent(key, "label", source.label(), "idx");
                absent(key, "header", source.header(), "idx");
                absent(key, "delimiter", source.delimiter(), "idx");
            }
            case "csv" -> {
                required(key + ".path", source.path());
                absent(key, "images", source.images(), "csv");
                absent(key, "labels", source.labels(), "csv");
                if (source.delimiter().length() != 1) {
                    throw new ConfigException(key + ".delimiter", "must be one character, got '"
                            + source.delimiter() + "'");
                }
            }
            default -> throw new ConfigException(key + ".format", "unknown format '" + source.format()
                    + "'" + Names.suggestion(source.format(), List.of("idx", "csv"))
                    + "; sparkfit reads idx and csv");
        }
    }

    private static void model(ModelConfig model) {
        if (model == null) {
            throw new ConfigException("model", "missing: give model.input and model.layers");
        }
        if (model.input() == null || model.input().isEmpty()) {
            throw new ConfigException("model.input", "missing: the shape of one example, e.g. [784] or [28, 28, 1]");
        }
        for (int i = 0; i < model.input().size(); i++) {
            Integer d = model.input().get(i);
            if (d == null || d < 1) {
                throw new ConfigException("model.input[" + i + "]", "must be a positive whole number, got " + d);
            }
        }
        if (model.layers() == null || model.layers().isEmpty()) {
            throw new ConfigException("model.layers", "missing or empty: list at least one layer, "
                    + "e.g. {type: dense, units: 10, activation: softmax}");
        }
        for (int i = 0; i < model.layers().size(); i++) {
            layer("model.layers[" + i + "]", model.layers().get(i));
        }
    }

    private static void layer(String key, LayerConfig layer) {
        if (layer == null) {
            throw new ConfigException(key, "empty layer; give at least its type");
        }
        if (layer instanceof DenseLayerConfig dense) {
            if (dense.units() == null) {
                throw new ConfigException(key + ".units", "missing: the number of outputs of this dense layer");
            }
            atLeastOne(key + ".units", dense.units());
            Activations.check(key + ".activation", dense.activation());
        } else if (layer instanceof DropoutLayerConfig dropout) {
            if (dropout.rate() == null || dropout.rate() < 0 || dropout.rate() >= 1) {
                throw new ConfigException(key + ".rate", "must be a fraction in [0, 1), got " + dropout.rate());
            }
        }
    }

    private static void compile(CompileConfig compile) {
        if (compile.loss() == null) {
            throw new ConfigException("compile.loss", "missing: one of " + String.join(", ", Losses.NAMES));
        }
        Losses.check("compile.loss", compile.loss());
        Optimizers.check("compile.optimizer", compile.optimizer());
        for (int i = 0; i < compile.metrics().size(); i++) {
            String metric = compile.metrics().get(i);
            if (metric == null || !Losses.METRICS.contains(metric)) {
                throw new ConfigException("compile.metrics[" + i + "]", "unknown metric '" + metric + "'"
                        + (metric == null ? "" : Names.suggestion(metric, Losses.METRICS))
                        + "; sparkfit reports " + String.join(", ", Losses.METRICS));
            }
        }
    }

    private static void required(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new ConfigException(key, "missing: give a path or URI (file://, hdfs://, s3a://)");
        }
    }

    private static void absent(String key, String name, Object value, String format) {
        if (value != null) {
            throw new ConfigException(key + "." + name, "does not apply to format " + format + ": "
                    + ("idx".equals(format) ? "idx takes images and labels" : "csv takes path, label, header, delimiter"));
        }
    }

    private static void atLeastOne(String key, Integer value) {
        if (value < 1) {
            throw new ConfigException(key, "must be at least 1, got " + value);
        }
    }

    private static void positive(String key, Double value) {
        if (!(value > 0) || value.isInfinite()) {
            throw new ConfigException(key, "must be a positive number, got " + value);
        }
    }
}
