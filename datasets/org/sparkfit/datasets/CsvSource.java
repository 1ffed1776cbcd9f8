package org.sparkfit.datasets;

import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/**
 * A delimited text file of numbers, or a directory of such part files with the same columns, one example per line:
 * one label column (by name or 0-based index) and the other columns as features, or no label column for prediction
 * input. Each part reads its own byte range of the files ({@link RowSplit}); line numbers in errors are the file's.
 * Cells are parsed from the bytes as ISO-8859-1, one char per byte, so that a row's key holds the byte offset of its
 * line (numbers and delimiters are ASCII; a cell quoted in a message is decoded as UTF-8).
 */
public final class CsvSource implements LineSource {
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
    public String path() {
        return path;
    }

    @Override
    public DataShape inspect(Configuration conf) throws IOException {
        return new DataShape(-1, new int[] {layout(conf).features()});
    }

    @Override
    public void read(Configuration conf, int part, int parts, int classes, long blockBytes, Blocks blocks)
            throws IOException {
        Layout layout = layout(conf);
        RowBlocks out = new RowBlocks(path, layout.features(), label != null, false, blockBytes, blocks);
        DelimitedFile.forEachRow(path, conf, part, parts, delimiter, header, DelimitedFile.CHECK_QUOTING,
                (rows, record, isHeader) -> {
                    if (isHeader) {
                        checkHeader(record, rows, layout);
                        return;
                    }
                    add(record, rows, layout, classes, out.features(), out.labels());
                    out.endRow(rows.key());
                });
        out.finish();
    }

    /** A header of a directory's file names the columns of the first file's, in the same order. */
    private static void checkHeader(String[] record, DelimitedFile rows, Layout layout) {
        List<String> names = new java.util.ArrayList<>(record.length);
        for (int c = 0; c < record.length; c++) {
            names.add(rows.text(record, c));
        }
        if (!names.equals(layout.names())) {
            throw new DataFormatException(rows.path() + ": line " + rows.line() + ": the header " + names + " differs "
                    + "from the first file's " + layout.names() + "; every file of a directory holds the same "
                    + "columns").at(rows.line());
        }
    }

    private void add(String[] record, DelimitedFile rows, Layout layout, int classes, FloatList features,
                     FloatList labels) {
        if (record.length != layout.columns) {
            throw new DataFormatException(rows.path() + ": line " + rows.line() + ": has " + record.length
                    + " columns, expected " + layout.columns + " like the first line");
        }
        for (int c = 0; c < layout.columns; c++) {
            float value = number(record, c, rows);
            if (c == layout.labelColumn) {
                DataSource.checkLabel(value, classes, rows.path(), () -> "line " + rows.line());
                labels.add(value);
            } else {
                int column = c;
                DataSource.checkFeature(value, rows.path(), () -> "line " + rows.line(), () -> "column " + column
                        + " holds " + rows.text(record, column));
                features.add(value);
            }
        }
    }

    private float number(String[] record, int column, DelimitedFile rows) {
        try {
            return DecimalText.parse(record[column]);
        } catch (NumberFormatException e) {
            throw new DataFormatException(rows.path() + ": line " + rows.line() + ": column " + column + " holds '"
                    + rows.text(record, column) + "', not a number"
                    + (header ? "" : " (if the first line holds column names, set header: true)"));
        }
    }

    /**
     * Where the label sits and how many columns a row has, from the header or the first data row of the (first)
     * file.
     */
    private Layout layout(Configuration conf) throws IOException {
        String first = RowSplit.files(path, conf).get(0).path();
        try (DelimitedFile file = DelimitedFile.head(first, conf, delimiter, header)) {
            Iterator<String[]> records = file.iterator();
            return layout(first, file.headerNames(), records.hasNext() ? records.next() : null);
        }
    }

    private Layout layout(String file, List<String> names, String[] first) {
        if (!header && first == null) {
            throw new DataFormatException(file + ": the file holds no rows");
        }
        int columns = header ? names.size() : first.length;
        if (columns == 0) {
            throw new DataFormatException(file + ": the header holds no columns");
        }
        return new Layout(names, columns, labelColumn(file, names, columns));
    }

    private int labelColumn(String file, List<String> names, int columns) {
        if (label == null) {
            return -1;
        }
        try {
            int index = Integer.parseInt(label);
            int resolved = index < 0 ? columns + index : index;
            if (resolved < 0 || resolved >= columns) {
                throw new DataFormatException(file + ": label column " + index + " does not exist: rows have "
                        + columns + " columns (0.." + (columns - 1) + ")");
            }
            return resolved;
        } catch (NumberFormatException notAnIndex) {
            int index = names.indexOf(label);
            if (index >= 0 && names.lastIndexOf(label) != index) {
                throw new DataFormatException(file + ": the header names two columns '" + label + "'; rename one, "
                        + "so that the label column is clear");
            }
            if (index < 0) {
                throw new DataFormatException(file + ": no column named '" + label + "'"
                        + (header ? "; columns are " + names : "; set header: true to name columns"));
            }
            return index;
        }
    }

    /** @param names the header's column names; empty without a header */
    private record Layout(List<String> names, int columns, int labelColumn) {
        int features() {
            return labelColumn < 0 ? columns : columns - 1;
        }
    }
}
