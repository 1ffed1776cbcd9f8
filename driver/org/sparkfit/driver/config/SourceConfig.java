package org.sparkfit.driver.config;

/**
 * One data set: {@code idx} takes {@code images} and {@code labels}; {@code csv} takes {@code path}, the
 * {@code label} column (name or 0-based index, negative from the end; the last column by default),
 * {@code header} and {@code delimiter}. Paths are Hadoop paths or URIs.
 */
public record SourceConfig(String format, String images, String labels, String path, String label, Boolean header,
                           String delimiter) {

    public SourceConfig {
        if ("csv".equals(format)) {
            header = header == null ? Boolean.FALSE : header;
            delimiter = delimiter == null ? "," : delimiter;
            label = label == null ? "-1" : label;
        }
    }
}
