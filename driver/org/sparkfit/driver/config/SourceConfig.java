package org.sparkfit.driver.config;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Arrays;
import java.util.List;
import org.sparkfit.datasets.DataSource;
import org.sparkfit.driver.ConfigException;

/**
 * One data set of the job file, told apart by its {@code format}: each format is one record that knows its keys
 * (the binding refuses any other), checks their values, and builds its reader. Paths are Hadoop paths or URIs.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "format")
@JsonSubTypes({
    @JsonSubTypes.Type(value = IdxSourceConfig.class, name = "idx"),
    @JsonSubTypes.Type(value = CsvSourceConfig.class, name = "csv"),
    @JsonSubTypes.Type(value = TextSourceConfig.class, name = "text"),
    @JsonSubTypes.Type(value = NpzSourceConfig.class, name = "npz"),
    @JsonSubTypes.Type(value = LibsvmSourceConfig.class, name = "libsvm"),
    @JsonSubTypes.Type(value = ParquetSourceConfig.class, name = "parquet"),
    @JsonSubTypes.Type(value = DataFrameSourceConfig.class, name = "dataframe")
})
public sealed interface SourceConfig permits IdxSourceConfig, CsvSourceConfig, TextSourceConfig, NpzSourceConfig,
        LibsvmSourceConfig, ParquetSourceConfig, DataFrameSourceConfig {

    /** The formats sparkfit reads, in the order the docs list them. */
    List<String> FORMATS = Arrays.stream(SourceConfig.class.getAnnotation(JsonSubTypes.class).value())
            .map(JsonSubTypes.Type::name).toList();

    /** Checks what the binding cannot (paths given, one-character delimiters, ...); {@code key} names the entry. */
    void validate(String key);

    /**
     * The reader of this labelled data set.
     *
     * @param role  {@code train} or {@code test}: which of Keras' arrays an npz source reads by default
     * @param width the model's input width, the feature count of a libsvm source
     */
    DataSource source(String role, int width);

    /**
     * The reader of {@code input}, features only, in this training set's format: {@code predict}'s input.
     *
     * @param test the job's held-out set (an npz reads its array {@code x}), or null
     */
    DataSource unlabeled(String input, int width, SourceConfig test);

    /** The format of the record class {@code type}, as the job file names it. */
    static String format(Class<?> type) {
        return Arrays.stream(SourceConfig.class.getAnnotation(JsonSubTypes.class).value())
                .filter(t -> t.value() == type).map(JsonSubTypes.Type::name).findFirst().orElseThrow();
    }

    /** The record class of {@code format}. */
    static Class<?> type(String format) {
        return Arrays.stream(SourceConfig.class.getAnnotation(JsonSubTypes.class).value())
                .filter(t -> t.name().equals(format)).map(JsonSubTypes.Type::value).findFirst().orElseThrow();
    }

    /** The keys format {@code type} takes, in its record's order. */
    static List<String> keys(Class<?> type) {
        return Arrays.stream(type.getRecordComponents()).map(c -> c.getName()).toList();
    }

    static void requirePath(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new ConfigException(key, "missing: give a path or URI (file://, hdfs://, s3a://)");
        }
    }

    static void requireOneCharacter(String key, String delimiter) {
        if (delimiter.length() != 1) {
            throw new ConfigException(key, "must be one character (write a tab as \"\\t\"), got '" + delimiter + "'");
        }
    }
}
