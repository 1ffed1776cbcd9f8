package org.sparkfit.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An independent reading of a small comma-separated file with a header and a {@code label} column, written for
 * the fuzz test from the documented rules alone (no quoting): a leading byte-order mark skipped, empty lines
 * skipped, cells trimmed, every cell a decimal number, features finite, labels class indices. It answers what the
 * real reader must return, or null where it must refuse. Column names may repeat, except the label's.
 */
final class StrictCsv {
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private StrictCsv() {
    }

    /** Each data row's features then its label, or null when the file must be refused. */
    static List<float[]> rows(String text, int classes) {
        List<String> lines = new ArrayList<>(Arrays.asList((text.startsWith("\uFEFF") ? text.substring(1) : text)
                .split("\n", -1)));
        lines.removeIf(String::isEmpty);
        if (lines.isEmpty()) {
            return null;
        }
        List<String> header = Arrays.stream(lines.get(0).split(",", -1)).map(String::strip).toList();
        int label = header.indexOf("label");
        if (label < 0 || header.lastIndexOf("label") != label || header.contains("")) {
            return null;
        }
        List<float[]> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            if (cells.length != header.size()) {
                return null;
            }
            float[] row = new float[cells.length];
            int f = 0;
            for (int c = 0; c < cells.length; c++) {
                String cell = cells[c].strip();
                if (!DECIMAL.matcher(cell).matches()) {
                    return null;
                }
                float value = Float.parseFloat(cell);
                boolean ok = c == label ? value == Math.rint(value) && value >= 0 && value < classes
                        : Float.isFinite(value);
                if (!ok) {
                    return null;
                }
                row[c == label ? cells.length - 1 : f++] = value;
            }
            rows.add(row);
        }
        return rows;
    }
}
