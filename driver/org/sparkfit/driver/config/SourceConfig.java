package org.sparkfit.driver.config;

import java.util.List;

/**
 * One data set: {@code idx} takes {@code images} and {@code labels}; {@code csv} takes {@code path}, the
 * {@code label} column (name or 0-based index, negative from the end; the last column by default),
 * {@code header} and {@code delimiter}; {@code text} takes {@code path} (a delimited file with a {@code text}
 * column and a {@code label} column, or a directory with one folder per class) and its {@code vectorization};
 * {@code npz} takes {@code path} and the arrays {@code x} and {@code y} (Keras' x_train and y_train for the training
 * set, x_test and y_test for the held-out set, by default); {@code libsvm} takes {@code path}; {@code parquet} takes
 * {@code path}, the {@code label} column ({@code label} by default) and the {@code features} columns (every other
 * column by default, or one array or vector column).
 * Paths are Hadoop paths or URIs.
 */
public record SourceConfig(String format, String images, String labels, String path, String label, Boolean header,
                           String delimiter, String text, VectorizationConfig vectorization, String x, String y,
                           List<String> features) {

    public SourceConfig {
        if ("csv".equals(format) || "text".equals(format)) {
            header = header == null ? Boolean.FALSE : header;
            delimiter = delimiter == null ? "," : delimiter;
            label = label == null ? "-1" : label;
        }
        if ("parquet".equals(format)) {
            label = label == null ? "label" : label;
        }
        if ("text".equals(format)) {
            text = text == null ? "0" : text;
        }
    }
}
