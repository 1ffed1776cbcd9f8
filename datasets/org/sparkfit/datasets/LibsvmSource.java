package org.sparkfit.datasets;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;

/**
 * The LIBSVM / SVMlight sparse text format, one example per line: {@code label index:value index:value ...} with
 * 1-based feature indices; features not listed are 0, text after {@code #} is a comment. The number of features is
 * the model's input width. Binary data labelled -1/+1 reads as 0/1. The source is one file or a directory of part
 * files; each part reads its own byte range of them ({@link RowSplit}); line numbers in errors are the file's.
 */
public final class LibsvmSource implements LineSource {
    private static final long serialVersionUID = 1L;

    private final String path;
    private final int features;
    private final boolean labelled;

    /**
     * @param features the number of features (the model's input width)
     * @param labelled false for prediction input, whose lines may start with a placeholder label or none
     */
    public LibsvmSource(String path, int features, boolean labelled) {
        this.path = path;
        this.features = features;
        this.labelled = labelled;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public DataShape inspect(Configuration conf) throws IOException {
        String first = RowSplit.files(path, conf).get(0).path();
        try (BufferedReader reader = new BufferedReader(HadoopFiles.openHeadText(first, conf))) {
            if (reader.readLine() == null) {
                throw new DataFormatException(first + ": the file holds no rows");
            }
        }
        return new DataShape(-1, new int[] {features});
    }

    @Override
    public void read(Configuration conf, int part, int parts, int classes, long blockBytes, Blocks blocks)
            throws IOException {
        RowBlocks rows = new RowBlocks(path, features, labelled, true, blockBytes, blocks);
        for (RowSplit split : RowSplit.of(path, conf, part, parts)) {
            long example = 0;
            long lineInSplit = 0;
            try (TextLines lines = new TextLines(split.open())) {
                for (String line = lines.next(); line != null; line = lines.next()) {
                    long at = ++lineInSplit;
                    int comment = line.indexOf('#');
                    String content = (comment >= 0 ? line.substring(0, comment) : line).strip();
                    if (content.isEmpty() || !split.owns(example++)) {
                        continue;
                    }
                    try {
                        parse(content, split.file(), () -> "line " + split.fileLine(at), classes, rows);
                    } catch (DataFormatException e) {
                        throw e.at(split.fileLine(at));
                    }
                    rows.endRow(split.key(lines.start()));
                }
            }
        }
        rows.finish();
    }

    private void parse(String content, String file, Supplier<String> where, int classes, RowBlocks rows) {
        FloatList labels = rows.labels();
        String[] tokens = content.split("\\s+");
        int first = 0;
        if (!tokens[0].contains(":")) {
            first = 1;
            if (labelled) {
                float label = number(tokens[0], file, where, "label");
                labels.add(classes == 2 && label == -1 ? 0 : label);
                DataSource.checkLabel(labels.last(), classes, file, where);
            }
        } else if (labelled) {
            throw new DataFormatException(file + ": " + where.get() + ": starts with '" + tokens[0] + "', not a "
                    + "label; each line is: label index:value ...");
        }
        int previous = 0;
        for (int t = first; t < tokens.length; t++) {
            int colon = tokens[t].indexOf(':');
            if (colon < 1) {
                throw new DataFormatException(file + ": " + where.get() + ": '" + tokens[t] + "' is not "
                        + "index:value");
            }
            int index;
            try {
                index = Integer.parseInt(tokens[t].substring(0, colon));
            } catch (NumberFormatException e) {
                throw new DataFormatException(file + ": " + where.get() + ": '" + tokens[t] + "' has no "
                        + "whole-number index");
            }
            if (index < 1 || index > features || index <= previous) {
                throw new DataFormatException(file + ": " + where.get() + ": feature index " + index
                        + (index <= previous ? " after " + previous + "; indices must ascend" : " is outside 1.."
                        + features + " (model.input's width; indices are 1-based)"));
            }
            previous = index;
            rows.entry(index - 1, number(tokens[t].substring(colon + 1), file, where, "feature " + index));
        }
    }

    private float number(String text, String file, Supplier<String> where, String what) {
        try {
            float v = DecimalText.parse(text);
            if (Float.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new DataFormatException(file + ": " + where.get() + ": " + what + " is '" + text + "', not a finite "
                + "number");
    }
}
