package org.sparkfit.driver.config;

import java.util.List;
import org.sparkfit.driver.ConfigException;
import org.sparkfit.driver.keras.Losses;
import org.sparkfit.driver.keras.Metrics;
import org.sparkfit.driver.keras.Names;
import org.sparkfit.driver.keras.Optimizers;
import org.sparkfit.driver.layers.Embedding;
import org.sparkfit.driver.layers.KerasLayer;
import org.sparkfit.driver.layers.Settings;
import org.sparkfit.worker.cache.DataCache;
import org.sparkfit.worker.exchange.ExchangeMode;

/**
 * Checks a bound job for missing keys, out-of-range values and keys that do not belong together. Whether the
 * layers fit the input and the loss fits the last layer is checked when the network is planned.
 */
final class JobValidator {
    /** Each format, in the order messages list them, with the keys it takes beside {@code format}. */
    private JobValidator() {
    }

    static void validate(JobConfig job) {
        if (job.data() == null) {
            throw new ConfigException("data", "missing: give data.train and data.test (see docs/CONFIG.md)");
        }
        source("data.train", job.data().train());
        Double split = job.data().validationSplit();
        if (split == null) {
            if (job.data().test() == null) {
                throw new ConfigException("data.test", "missing: give the held-out set, or data.validation_split "
                        + "(e.g. 0.2) to hold out part of data.train");
            }
            source("data.test", job.data().test());
        } else if (job.data().test() != null) {
            throw new ConfigException("data.validation_split", "applies when there is no data.test; give one or "
                    + "the other");
        } else if (!(split > 0 && split < 1)) {
            throw new ConfigException("data.validation_split", "must be a fraction in (0, 1), got " + split);
        }
        Settings.positive("data.scale", job.data().scale());
        model(job.model());
        embeddingFitsVocabulary(job.data().train(), job.model());
        compile(job.compile());
        Settings.atLeastOne("fit.epochs", job.fit().epochs());
        Settings.atLeastOne("fit.batch_size", job.fit().batchSize());
        Settings.atLeastOne("fit.checkpoint.every", job.fit().checkpoint().every());
        Settings.atLeastOne("fit.checkpoint.keep", job.fit().checkpoint().keep());
        earlyStopping(job.fit().earlyStopping(), job.compile().metrics());
        retrain(job.retrain(), job.compile().metrics());
        Settings.atLeastOne("spark.workers", job.spark().workers());
        Settings.atLeastOne("spark.averaging_frequency", job.spark().averagingFrequency());
        exchange(job.spark(), job.fit().batchSize());
        if (job.spark().cache() == null) {
            List<String> places = java.util.Arrays.stream(DataCache.values()).map(DataCache::key).toList();
            throw new ConfigException("spark.data_cache", "unknown place '" + job.spark().dataCache() + "'"
                    + Names.suggestion(job.spark().dataCache(), places) + "; use " + String.join(", ", places));
        }
        if (job.output().isBlank()) {
            throw new ConfigException("output", "empty; give a directory path or URI for the run");
        }
    }

    private static void exchange(SparkConfig spark, int batchSize) {
        List<String> modes = java.util.Arrays.stream(ExchangeMode.values()).map(ExchangeMode::key).toList();
        if (spark.exchangeMode() == null) {
            throw new ConfigException("spark.exchange", "unknown mode '" + spark.exchange() + "'"
                    + Names.suggestion(spark.exchange(), modes) + "; use " + String.join(" or ", modes));
        }
        if (spark.exchangeMode() == ExchangeMode.ALLREDUCE && batchSize % spark.workers() != 0) {
            throw new ConfigException("fit.batch_size", "spark.exchange: allreduce splits each mini-batch of "
                    + batchSize + " among " + spark.workers() + " workers; make it a multiple of spark.workers");
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
        Settings.atLeastOne("retrain.stale_lock_minutes", retrain.staleLockMinutes());
    }

    private static void source(String key, SourceConfig source) {
        if (source == null) {
            throw new ConfigException(key, "missing: give {format: idx, images: ..., labels: ...}, "
                    + "{format: csv, path: ..., label: ...} or {format: text, path: ..., vectorization: ...}");
        }
        source.validate(key);
    }

    private static void embeddingFitsVocabulary(SourceConfig train, ModelConfig model) {
        if (!(train instanceof TextSourceConfig text)
                || !(model.layers().get(0) instanceof Embedding embedding)) {
            return;
        }
        VectorizationConfig v = text.vectorization();
        if (!"sequence".equals(v.mode())) {
            throw new ConfigException("data.train.vectorization.mode", "an embedding takes word indices; set mode: "
                    + "sequence, or drop the embedding and use dense layers on multi_hot vectors");
        }
        if (embedding.inputDim() < v.maxTokens()) {
            throw new ConfigException("model.layers[0].input_dim", "is " + embedding.inputDim() + " but the text "
                    + "vectorization gives word indices up to " + (v.maxTokens() - 1) + "; set input_dim: "
                    + v.maxTokens() + " (data.train.vectorization.max_tokens)");
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
        if (model.weights() && model.keras() == null) {
            throw new ConfigException("model.weights", "loads the weights of a Keras model file; set model.keras to "
                    + "the file, or drop weights");
        }
        if (model.layers() == null || model.layers().isEmpty()) {
            throw new ConfigException("model.layers", "missing or empty: list at least one layer, "
                    + "e.g. {type: dense, units: 10, activation: softmax}");
        }
        for (int i = 0; i < model.layers().size(); i++) {
            layer("model.layers[" + i + "]", model.layers().get(i));
        }
    }

    private static void layer(String key, KerasLayer layer) {
        if (layer == null) {
            throw new ConfigException(key, "empty layer; give at least its type");
        }
        layer.validate(key);
    }

    private static void compile(CompileConfig compile) {
        if (compile.loss() == null) {
            throw new ConfigException("compile.loss", "missing: one of " + String.join(", ", Losses.NAMES));
        }
        Losses.check("compile.loss", compile.loss());
        Optimizers.check("compile.optimizer", compile.optimizer());
        for (int i = 0; i < compile.metrics().size(); i++) {
            String metric = compile.metrics().get(i);
            if (metric == null || !Metrics.NAMES.contains(metric)) {
                throw new ConfigException("compile.metrics[" + i + "]", "unknown metric '" + metric + "'"
                        + (metric == null ? "" : Names.suggestion(metric, Metrics.NAMES))
                        + "; sparkfit reports " + String.join(", ", Metrics.NAMES));
            }
        }
    }
}
