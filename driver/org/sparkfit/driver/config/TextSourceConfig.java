package org.sparkfit.driver.config;

import org.sparkfit.datasets.DataSource;
import org.sparkfit.datasets.TextSource;
import org.sparkfit.datasets.Vocabulary;

/**
 * Text documents: a delimited file with a {@code text} column and a {@code label} column (class indices), or a
 * directory with one folder per class; {@code vectorization} says how documents become numbers. A delimited file
 * is read in byte ranges, one per worker, unless its documents may span lines ({@code multiline}).
 */
public record TextSourceConfig(String path, String text, String label, Boolean header, String delimiter,
                               Boolean multiline, VectorizationConfig vectorization) implements SourceConfig {

    public TextSourceConfig {
        text = text == null ? "0" : text;
        multiline = multiline != null && multiline;
        CsvSourceConfig rows = new CsvSourceConfig(path, label, header, delimiter);
        label = rows.label();
        header = rows.header();
        delimiter = rows.delimiter();
    }

    @Override
    public void validate(String key) {
        rows().validate(key);
        VectorizationConfig.validate(key + ".vectorization", vectorization);
    }

    /** The delimited file's settings, which text shares with csv (defaults, checks). */
    private CsvSourceConfig rows() {
        return new CsvSourceConfig(path, label, header, delimiter);
    }

    @Override
    public DataSource source(String role, int width) {
        return reader(path, label);
    }

    @Override
    public DataSource unlabeled(String input, int width, SourceConfig test) {
        return reader(input, null);
    }

    /** A text source read like this one from {@code file}; its vocabulary comes with the job's preprocessing. */
    private TextSource reader(String file, String labelColumn) {
        Vocabulary.Mode mode = vectorization.vocabularyMode();
        return new TextSource(file, text, labelColumn, header, delimiter.charAt(0), multiline, mode,
                mode == Vocabulary.Mode.MULTI_HOT ? vectorization.maxTokens() : vectorization.sequenceLength(), null);
    }
}
