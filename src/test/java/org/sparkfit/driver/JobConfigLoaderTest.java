package org.sparkfit.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sparkfit.driver.config.CsvSourceConfig;
import org.sparkfit.driver.config.JobConfig;
import org.sparkfit.driver.config.JobConfigLoader;
import org.sparkfit.driver.model.NetworkPlanner;
import org.sparkfit.testing.Jobs;

class JobConfigLoaderTest {
    private static final String JOB = Jobs.idxClassifier("/data", 8, 3, "out");

    @Test
    void defaultsAreKerasAndResolvedJobRoundTrips() {
        JobConfig job = Jobs.parse("""
                data:
                  train: {format: csv, path: a.csv}
                  test: {format: csv, path: b.csv, label: y, header: true}
                model: {input: [4], layers: [{type: dense, units: 1}]}
                compile: {loss: mse}
                """);
        assertEquals(32, job.fit().batchSize());
        assertEquals(1, job.fit().epochs());
        assertEquals("rmsprop", job.compile().optimizer().name());
        assertEquals("-1", ((CsvSourceConfig) job.data().train()).label());
        assertEquals("linear", ((org.sparkfit.driver.layers.Dense) job.model().layers().get(0))
                .activation());
        assertEquals("runs/sparkfit", job.output());
        assertEquals(job, JobConfigLoader.parse(JobConfigLoader.toYaml(job), "resolved.yaml", List.of()));
    }

    /** Layer types that share a record keep their type through config.yaml. */
    @Test
    void sharedLayerRecordsRoundTripWithTheirType() {
        JobConfig job = Jobs.parse("""
                data:
                  train: {format: csv, path: a.csv}
                  validation_split: 0.2
                model:
                  input: [8, 8, 1]
                  layers:
                    - {type: average_pooling2d}
                    - {type: global_average_pooling2d}
                    - {type: dense, units: 1}
                compile: {loss: mse}
                """);
        String yaml = JobConfigLoader.toYaml(job);
        assertEquals(1, yaml.split("type: average_pooling2d", -1).length - 1, yaml);
        JobConfig again = JobConfigLoader.parse(yaml, "resolved.yaml", List.of());
        assertEquals(job, again);
        assertEquals(false, ((org.sparkfit.driver.layers.Pooling2D) again.model().layers().get(0)).max());
    }

    @Test
    void overridesReplaceValuesAsYaml() {
        JobConfig job = Jobs.parse(JOB, "fit.epochs=1", "model.layers[0].units=64", "compile.optimizer=sgd");
        assertEquals(1, job.fit().epochs());
        assertEquals(64, ((org.sparkfit.driver.layers.Dense) job.model().layers().get(0)).units());
        assertEquals("sgd", job.compile().optimizer().name());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "fit.epoch=3 | fit.epoch: unknown key (did you mean 'epochs'?); keys here: batch_size, checkpoint, early_stopping, epochs, seed, shuffle",
        "fit.epochs=five | fit.epochs: expected a whole number, got 'five'",
        "fit.epochs=2.5 | fit.epochs: expected a whole number, got 2.5",
        "fit.batch_size=0 | fit.batch_size: must be at least 1, got 0",
        "model.layers[0].type=gru | model.layers[0].type: layer type 'gru' is not available: DL4J 1.0.0-M2.1 has no GRU layer; use lstm, which takes the same units and return_sequences",
        "model.layers[0].activation=rellu | model.layers[0].activation: unknown activation 'rellu' (did you mean 'relu'?); sparkfit knows: elu, gelu, hard_sigmoid, leaky_relu, linear, relu, selu, sigmoid, softmax, softplus, softsign, swish, tanh",
        "compile.loss=categorical_crossentropi | compile.loss: unknown loss 'categorical_crossentropi' (did you mean 'categorical_crossentropy'?); sparkfit knows: mse, mae, huber, binary_crossentropy, categorical_crossentropy, sparse_categorical_crossentropy, hinge",
        "compile.optimizer.name=adamax | compile.optimizer.name: unknown optimizer 'adamax' (did you mean 'adam'?); sparkfit knows: sgd, rmsprop, adam, adamw, nadam, adagrad, adadelta",
        "compile.optimizer.global_clipnorm=1 | compile.optimizer.global_clipnorm: DL4J clips no global norm across all weights; use clipnorm (each weight array's norm) or clipvalue",
        "compile.optimizer={name: adadelta, learning_rate: 0.01} | compile.optimizer.learning_rate: DL4J's AdaDelta has no learning rate: it runs as the original AdaDelta (Keras' learning_rate=1.0); remove the setting, or use rmsprop, which takes one",
        "compile.optimizer.schedule={type: linear, decay_steps: 10} | compile.optimizer.schedule.type: unknown schedule 'linear'; sparkfit knows: exponential, step, cosine",
        "compile.optimizer.rho=0.9 | compile.optimizer.rho: does not apply to adam, which takes learning_rate, beta_1, beta_2, epsilon",
        "compile.metrics[0]=acc | compile.metrics[0]: unknown metric 'acc' (did you mean 'auc'?); sparkfit reports accuracy, precision, recall, f1, auc, top_k_accuracy, mae, mse, rmse, r2",
        "data.train.format=parket | data.train.format: unknown format 'parket' (did you mean 'parquet'?); sparkfit reads idx, csv, text, npz, libsvm, parquet, dataframe",
        "data.train={format: parquet, path: d, features: []} | data.train.features: empty; list the feature columns, or leave it out to use every column but the label",
        "data.train={format: text, path: t.csv} | data.train.vectorization: missing: how text becomes numbers, e.g. {mode: multi_hot, max_tokens: 10000} or {mode: sequence, max_tokens: 10000, sequence_length: 200}",
        "model.layers[0].kernel_initializer=glorot | model.layers[0].kernel_initializer: unknown initializer 'glorot'; sparkfit knows: glorot_normal, glorot_uniform, he_normal, he_uniform, lecun_normal, lecun_uniform, normal, ones, uniform, zeros",
        "data.train.path=x.csv | data.train.path: does not apply to format idx: idx takes images and labels",
        "data.train={format: csv, path: a.csv, labl: y} | data.train.labl: unknown key (did you mean 'label'?); keys here: delimiter, header, label, path",
        "data.train={path: a.csv} | data.train.format: missing: one of idx, csv, text, npz, libsvm, parquet, dataframe",
        "data.train={format: csv, path: a.csv, delimiter: ';;'} | data.train.delimiter: must be one character (write a tab as \"\\t\"), got ';;'",
        "spark.workers=-2 | spark.workers: must be at least 1, got -2",
        "data.scale=0 | data.scale: must be a positive number, got 0.0",
        "model.input[0]=0 | model.input[0]: must be a positive whole number, got 0",
        "model.layers=[] | model.layers: missing or empty: list at least one layer, e.g. {type: dense, units: 10, activation: softmax}",
    })
    void badKeysGetOneLineNamingKeyAndFix(String override, String message) {
        ConfigException e = assertThrows(ConfigException.class, () -> Jobs.parse(JOB, override));
        assertEquals(message, e.getMessage());
    }

    @Test
    void anUnknownLayerTypeGetsTheNearestAndEveryTypeSparkfitBuilds() {
        ConfigException e = assertThrows(ConfigException.class, () -> Jobs.parse(JOB, "model.layers[0].type=dence"));
        String prefix = "model.layers[0].type: unknown layer type 'dence' (did you mean 'dense'?); sparkfit knows: ";
        assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
        List<String> known = List.of(e.getMessage().substring(prefix.length()).split(", "));
        assertTrue(known.containsAll(List.of("average_pooling2d", "batch_normalization", "conv2d", "dense", "dropout",
                "embedding", "flatten", "global_average_pooling1d", "global_average_pooling2d", "lstm",
                "max_pooling2d", "multi_head_attention", "simple_rnn")), known.toString());
        assertEquals(known.stream().sorted().toList(), known, "alphabetical");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "compile.loss=binary_crossentropy | compile.loss: binary_crossentropy needs a last dense layer of 1 unit with activation sigmoid, but the last layer has 3 units and activation softmax; for several classes use softmax with categorical_crossentropy",
        "compile.loss=mse | compile.loss: mse is a regression loss but the last layer has 3 units and activation softmax; classify with categorical_crossentropy, or regress with activation linear",
        "model.layers[1].activation=sigmoid | compile.loss: categorical_crossentropy needs a last dense layer with softmax over 2 or more units, but the last layer has 3 units and activation sigmoid; use activation: softmax",
        "model.input=[2,4] | model.layers[0]: dense takes a flat input but gets shape [2, 4, 1]; add {type: flatten} or {type: global_average_pooling2d} before it",
        "compile.metrics[0]=auc | compile.metrics[0]: auc is for a binary task (one sigmoid unit or two softmax units); for 3 classes use f1 or top_k_accuracy",
        "compile.metrics[0]=top_k_accuracy | compile.metrics[0]: top_k_accuracy counts the true class among the 5 likeliest, which is always so with 3 classes; use accuracy",
        "compile.metrics[0]=mae | compile.metrics[0]: mae does not apply to a classification task; use accuracy, precision, recall, f1, auc, top_k_accuracy",
        "model.layers[0]={type: conv2d, filters: 4, kernel_size: 3} | model.layers[0]: conv2d takes an image [height, width, channels], but gets shape [8]; set model.input to the image's shape, e.g. [28, 28, 1], and keep flatten for after the convolutions",
        "model.layers[0]={type: lstm, units: 4} | model.layers[0]: lstm takes a sequence [timesteps, features]: set model.input to [timesteps, features], or put an embedding first, but gets shape [8]",
        "model.layers[1]={type: dropout, rate: 0.5} | model.layers[1]: the last layer must be dense: it makes the predictions the loss compares with the labels",
    })
    void networksThatDoNotFitAreRejectedBeforeAnyJob(String override, String message) {
        JobConfig job = Jobs.parse(JOB, override);
        ConfigException e = assertThrows(ConfigException.class, () -> NetworkPlanner.plan(job));
        assertEquals(message, e.getMessage());
    }

    @Test
    void malformedYamlNamesTheLine() {
        ConfigException e = assertThrows(ConfigException.class, () -> Jobs.parse("fit: {epochs: 1\nspark: ["));
        assertEquals(true, e.getMessage().startsWith("test.yaml: not valid YAML at line"), e.getMessage());
    }

    @Test
    void yamlTagsCannotConstructObjects() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> Jobs.parse(JOB + "\nextra: !!java.io.File [/etc/passwd]\n"));
        assertTrue(e.getMessage().startsWith("extra: the YAML tag tag:yaml.org,2002:java.io.File (line ")
                && e.getMessage().endsWith(") would construct an object; a job file holds plain values: remove the "
                + "tag"), e.getMessage());
    }

    @Test
    void aKeyGivenTwiceIsRefusedWithItsPathAndLines() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> Jobs.parse(JOB.replace("fit: {", "fit: {epochs: 9, ")));
        assertTrue(e.getMessage().startsWith("fit.epochs: given twice (lines "), e.getMessage());
        assertTrue(assertThrows(ConfigException.class, () -> Jobs.parse(JOB + "output: other\n")).getMessage()
                .startsWith("output: given twice"));
    }

    @Test
    void anchorsAliasesAndMergeKeysResolveAsInAnyYamlReader() {
        JobConfig job = Jobs.parse(JOB.replaceFirst("(?s)data:.*?model:", "data:\n  train: &src {format: csv, path: "
                + "a.csv, label: label, header: true}\n  test: *src\nmodel:"));
        assertEquals(job.data().train(), job.data().test());
        assertEquals("a.csv", ((CsvSourceConfig) job.data().test()).path());
        JobConfig merged = Jobs.parse(JOB.replaceFirst("(?s)data:.*?model:", "data:\n  train: &src {format: csv, "
                + "path: a.csv, label: label, header: true}\n  test: {<<: *src, path: b.csv}\nmodel:"));
        assertEquals(new CsvSourceConfig("b.csv", "label", true, ","), merged.data().test());
    }

    @Test
    void aRunsConfigWithATypeWrittenTwiceBySparkfit01StillLoads() {
        String legacy = JOB.replaceFirst("- \\{type: dense, units: 16", "- {type: dense, type: dense, units: 16");
        assertThrows(ConfigException.class, () -> Jobs.parse(legacy));
        assertEquals(Jobs.parse(JOB), JobConfigLoader.parseSaved(legacy, "run/config.yaml"));
    }
}
