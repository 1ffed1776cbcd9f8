package org.sparkfit.driver.config;

/**
 * A whole training job as its YAML file states it, with defaults filled in: what data, which network, how it is
 * compiled and fitted, how Spark spreads it, where the run directory goes, and how scheduled retraining decides.
 */
public record JobConfig(String name, DataConfig data, ModelConfig model, CompileConfig compile, FitConfig fit,
                        SparkConfig spark, String output, RetrainConfig retrain) {

    public JobConfig {
        name = name == null ? "sparkfit" : name;
        compile = compile == null ? new CompileConfig(null, null, null) : compile;
        fit = fit == null ? new FitConfig(null, null, null, null, null, null) : fit;
        spark = spark == null ? new SparkConfig(null, null, null, null) : spark;
        output = output == null ? "runs/" + name : output;
        retrain = retrain == null ? new RetrainConfig(null, null, null) : retrain;
    }

    /** This job writing to {@code other} instead of its output. */
    public JobConfig withOutput(String other) {
        return new JobConfig(name, data, model, compile, fit, spark, other, retrain);
    }
}
