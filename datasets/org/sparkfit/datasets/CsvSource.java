package org.sparkfit.datasets;

import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.hadoop.conf.Configuration;

/**
 * A delimited text file of numbers, one example per line: one label column (by name or 0-based index) and the
 * other columns as features, or no label column for prediction input. Part {@code p} of {@code n} owns the data
 * rows whose 0-based number is congruent to {@code p} modulo {@code n}: each executor streams the file and parses
 * only its own rows, so line numbers in errors are exact.
 */
public final class CsvSource implements DataSource {
    private static final long serialVersionUID = 1L;

    private final String path;
    private final String label;
    private final boolean header;
    private final char delimiter;

    /**
     * @param label the label column's name (needs a header) or 0-based index (negative counts from the end), or
     *              null for unlabeled input
     */
    public CsvSource(String path, String label, boolean header, char delimiter) {
        this.path = path;
        this.label = label;
        this.header = header;
        this.delimiter = delimiter;
    }

    @Override
    public String describe() {
        return path;
    }

    @Override
    public DataShape inspect(Configuration conf) throws IOException {
        try (DelimitedFile file = open(conf)) {
            Iterator<CSVRecord> records = file.iterator();
            CSVRecord first = records.hasNext() ? records.next() : null;
            return new DataShape(-1, new int[] {layout(file.parser(), first).features()});
        }
    }

    @Override
    public long maxRecords(Configuration conf) throws IOException {
        return HadoopFiles.maxLines(path, conf);
    }

    @Override
    public Examples read(Configuration conf, int part, int parts, int classes) throws IOException {
        try (DelimitedFile file = open(conf)) {
            Layout layout = null;
            FloatList features = new FloatList();
            FloatList labels = new FloatList();
            long row = 0;
            for (CSVRecord record : file) {
                if (layout == null) {
                    layout = layout(file.parser(), record);
                }
                if (row++ % parts != part) {
                    continue;
                }
                try {
                    add(record, "line " + file.line(), layout, classes, features, labels);
                } catch (DataFormatException e) {
                    throw e.at(file.line());
                }
            }
            if (layout == null) {
                layout = layout(file.parser(), null);
            }
            int rows = Math.toIntExact(label == null ? features.size() / Math.max(1, layout.features())
                    : labels.size());
            return new Examples(rows, layout.features(), features.toArray(), label == null ? null : labels.toArray(),
                    part, parts);
        }
    }

    private void add(CSVRecord record, String where, Layout layout, int classes, FloatList features,
                     FloatList labels) {
        if (record.size() != layout.columns) {
            throw new DataFormatException(path + ": " + where + ": has " + record.size() + " columns, expected "
                    + layout.columns + " like the first line");
        }
        for (int c = 0; c < layout.columns; c++) {
            float value = number(record.get(c), c, where);
            if (c == layout.labelColumn) {
                DataSource.checkLabel(value, classes, path, where);
                labels.add(value);
            } else {
                DataSource.checkFeature(value, path, where, "column " + c + " holds " + record.get(c));
                features.add(value);
            }
        }
    }

    private float number(String cell, int column, String where) {
        try {
            return DecimalText.parse(cell);
        } catch (NumberFormatException e) {
            throw new DataFormatException(path + ": " + where + ": column " + column + " holds '" + cell
                    + "', not a number" + (header ? "" : " (if the first line holds column names, set header: true)"));
        }
    }

    private DelimitedFile open(Configuration conf) throws IOException {
        return DelimitedFile.open(path, conf, delimiter, header, true);
    }

    /** Where the label sits and how many columns a row has, from the header or the first data row. */
    private Layout layout(CSVParser parser, CSVRecord first) {
        List<String> names = header ? parser.getHeaderNames() : List.of();
        if (!header && first == null) {
            throw new DataFormatException(path + ": the file holds no rows");
        }
        int columns = header ? names.size() : first.size();
        if (columns == 0) {
            throw new DataFormatException(path + ": the header holds no columns");
        }
        return new Layout(columns, labelColumn(names, columns));
    }

    private int labelColumn(List<String> names, int columns) {
        if (label == null) {
            return -1;
        }
        try {
            int index = Integer.parseInt(label);
            int resolved = index < 0 ? columns + index : index;
            if (resolved < 0 || resolved >= columns) {
                throw new DataFormatException(path + ": label column " + index + " does not exist: rows have "
                        + columns + " columns (0.." + (columns - 1) + ")");
            }
            return resolved;
        } catch (NumberFormatException notAnIndex) {
            int index = names.indexOf(label);
            if (index >= 0 && names.lastIndexOf(label) != index) {
                throw new DataFormatException(path + ": the header names two columns '" + label + "'; rename one, "
                        + "so that the label column is clear");
            }
            if (index < 0) {
                throw new DataFormatException(path + ": no column named '" + label + "'"
                        + (header ? "; columns are " + names : "; set header: true to name columns"));
            }
            return index;
        }
    }

    private record Layout(int columns, int labelColumn) {
        int features() {
            return labelColumn < 0 ? columns : columns - 1;
        }
    }
}
