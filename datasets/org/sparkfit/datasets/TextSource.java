package org.sparkfit.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.LongPredicate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Text documents with labels: a delimited file (CSV or TSV) with a text column and a label column (a class index),
 * or a directory with one folder per class (sorted by name: the first is class 0) holding one document per file, as
 * the IMDB archive is laid out. Documents become numbers with a {@link Vocabulary} fitted on the training set
 * ({@link #tokenize}). A delimited file is read in byte ranges, one per part, as {@link CsvSource} reads rows,
 * unless its documents may span lines ({@code multiline}); otherwise, and in a directory, part {@code p} of
 * {@code n} owns the documents whose 0-based number is congruent to {@code p} modulo {@code n}.
 */
public final class TextSource implements BlockSource {
    private static final long serialVersionUID = 1L;

    private final String path;
    private final String text;
    private final String label;
    private final boolean header;
    private final char delimiter;
    private final boolean multiline;
    private final Vocabulary.Mode mode;
    private final int width;
    private final Vocabulary vocabulary;

    /**
     * @param text  the text column of a delimited file (name or 0-based index), ignored for a directory
     * @param label the label column of a delimited file (name or index), or null for unlabeled input
     * @param multiline whether a delimited file's documents may span lines (quoted): then every part reads the whole
     *                  file, keeping every n-th document; else each reads its own byte range, as {@link CsvSource}
     * @param width values per example: vocabulary size for multi_hot, sequence length for sequence
     */
    public TextSource(String path, String text, String label, boolean header, char delimiter, boolean multiline,
                      Vocabulary.Mode mode, int width, Vocabulary vocabulary) {
        this.path = path;
        this.text = text;
        this.label = label;
        this.header = header;
        this.delimiter = delimiter;
        this.multiline = multiline;
        this.mode = mode;
        this.width = width;
        this.vocabulary = vocabulary;
    }

    @Override
    public String describe() {
        return path;
    }

    public Vocabulary.Mode mode() {
        return mode;
    }

    /** Values per example. */
    public int width() {
        return width;
    }

    @Override
    public DataSource withVocabulary(Vocabulary fitted) {
        return new TextSource(path, text, label, header, delimiter, multiline, mode, width, fitted);
    }

    @Override
    public DataShape inspect(Configuration conf) throws IOException {
        Path root = new Path(path);
        FileSystem fs = root.getFileSystem(conf);
        if (!fs.exists(root)) {
            throw new DataFormatException(path + ": no such file or directory; check the path in the job file");
        }
        if (fs.getFileStatus(root).isDirectory() && classFolders(fs, root).isEmpty()) {
            throw new DataFormatException(path + ": a text directory needs one folder per class; it holds none");
        }
        return new DataShape(-1, new int[] {width});
    }

    @Override
    public String readWholeByEveryPart(Configuration conf) throws IOException {
        if (isDirectory(conf)) {
            return null;
        }
        return multiline ? "may hold documents that span lines (multiline: true) and cannot be read in parts; set "
                + "multiline: false if each document is on one line" : RowSplit.readWholeByEveryPart(path, conf);
    }

    @Override
    public long maxRecords(Configuration conf) throws IOException {
        Path root = new Path(path);
        FileSystem fs = root.getFileSystem(conf);
        return fs.getFileStatus(root).isDirectory() ? fs.getContentSummary(root).getFileCount()
                : HadoopFiles.maxLines(path, conf);
    }

    /**
     * This part's documents whose row key passes {@code keep} (all, or one side of a validation_split), as word
     * numbers kept while they take at most {@code budget} bytes, with their word counts: the vocabulary is fitted on
     * the counts of every part, then each part vectorized from its word numbers ({@link TokenizedPart#read}).
     */
    public TokenizedPart tokenize(Configuration conf, int part, int parts, int classes, LongPredicate keep,
                                  long budget) throws IOException {
        TokenizedPart tokens = new TokenizedPart(path, labelled(conf), budget);
        forEachDocument(conf, part, parts, classes, (key, document, value) -> {
            if (keep.test(key)) {
                tokens.add(key, Tokenizer.tokens(document), value);
            }
        });
        return tokens.finish();
    }

    /**
     * Reads the part's documents as rows of numbers, a block at a time; multi-hot, count and tf-idf rows, mostly
     * zeros, are kept as their entries ({@link FeatureValues.Sparse}), sequences written out.
     */
    @Override
    public void read(Configuration conf, int part, int parts, int classes, long blockBytes, Blocks blocks)
            throws IOException {
        if (vocabulary == null) {
            throw new IllegalStateException(path + ": read before the vocabulary was fitted");
        }
        RowBlocks rows = new RowBlocks(path, width, labelled(conf), true, blockBytes, blocks);
        float[] row = new float[width];
        forEachDocument(conf, part, parts, classes, (key, document, value) -> {
            vocabulary.vectorize(Tokenizer.tokens(document), row, 0);
            rows.row(row, value, key);
        });
        rows.finish();
    }

    /**
     * Receives one document of this part: its key in the whole source (its 0-based number; in a delimited file read
     * by byte ranges, where its line starts, {@link RowSplit#key}), its text and its label (NaN when unlabeled).
     */
    private interface DocumentVisitor {
        void visit(long key, String document, float label) throws IOException;
    }

    private void forEachDocument(Configuration conf, int part, int parts, int classes, DocumentVisitor visitor)
            throws IOException {
        Path root = new Path(path);
        FileSystem fs = root.getFileSystem(conf);
        if (fs.getFileStatus(root).isDirectory()) {
            readFolders(fs, root, part, parts, classes, visitor);
        } else {
            readDelimited(conf, part, parts, classes, visitor);
        }
    }

    /** Whether this source's documents have labels: a label column, or class folders. */
    private boolean labelled(Configuration conf) throws IOException {
        return label != null || isDirectory(conf);
    }

    private boolean isDirectory(Configuration conf) throws IOException {
        Path root = new Path(path);
        return root.getFileSystem(conf).getFileStatus(root).isDirectory();
    }

    private void readFolders(FileSystem fs, Path root, int part, int parts, int classes, DocumentVisitor visitor)
            throws IOException {
        List<FileStatus> folders = classFolders(fs, root);
        if (classes > 0 && folders.size() > classes) {
            throw new DataFormatException(path + ": has " + folders.size() + " class folders but the model's last "
                    + "layer predicts " + classes + " classes; fix the last layer's units");
        }
        long document = 0;
        for (int c = 0; c < folders.size(); c++) {
            FileStatus[] files = fs.listStatus(folders.get(c).getPath(), p -> !p.getName().startsWith("."));
            Arrays.sort(files, Comparator.comparing(f -> f.getPath().getName()));
            for (FileStatus file : files) {
                if (file.isFile() && document++ % parts == part) {
                    try (InputStream in = fs.open(file.getPath())) {
                        visitor.visit(document - 1, new String(in.readAllBytes(), StandardCharsets.UTF_8), c);
                    } catch (DataFormatException e) {
                        throw e.at(document - 1);
                    }
                }
            }
        }
    }

    private static List<FileStatus> classFolders(FileSystem fs, Path root) throws IOException {
        List<FileStatus> folders = new ArrayList<>(Arrays.stream(fs.listStatus(root))
                .filter(FileStatus::isDirectory).filter(f -> !f.getPath().getName().startsWith(".")).toList());
        folders.sort(Comparator.comparing(f -> f.getPath().getName()));
        return folders;
    }

    private void readDelimited(Configuration conf, int part, int parts, int classes, DocumentVisitor visitor)
            throws IOException {
        if (multiline) {
            readWhole(conf, part, parts, classes, visitor);
            return;
        }
        Columns columns = columns(conf);
        DelimitedFile.forEachRow(path, conf, part, parts, delimiter, header, "check the quoting, or set multiline: "
                + "true if documents span lines", (rows, record, isHeader) -> {
                    if (!isHeader) {
                        visit(rows, record, columns, classes, rows.key(), visitor);
                    }
                });
    }

    /** Every part reads the whole file, keeping the documents whose number is congruent to it modulo the parts. */
    private void readWhole(Configuration conf, int part, int parts, int classes, DocumentVisitor visitor)
            throws IOException {
        try (DelimitedFile file = DelimitedFile.open(path, conf, delimiter, header, false)) {
            long row = 0;
            Columns columns = null;
            for (String[] record : file) {
                if (columns == null) {
                    columns = columns(file.headerNames(), record);
                }
                if (row++ % parts == part) {
                    visit(file, record, columns, classes, row - 1, visitor);
                }
            }
        }
    }

    /** Where the text and the label (-1: none) sit in a row. */
    private record Columns(int text, int label) {
    }

    /** The columns, from the header or the first row of the file. */
    private Columns columns(Configuration conf) throws IOException {
        try (DelimitedFile file = DelimitedFile.head(path, conf, delimiter, header)) {
            java.util.Iterator<String[]> rows = file.iterator();
            return columns(file.headerNames(), rows.hasNext() ? rows.next() : new String[0]);
        }
    }

    private Columns columns(List<String> names, String[] first) {
        return new Columns(column(names, first, text, "text"), label == null ? -1 : column(names, first, label,
                "label"));
    }

    private void visit(DelimitedFile file, String[] record, Columns columns, int classes, long key,
                       DocumentVisitor visitor) throws IOException {
        try {
            int needed = Math.max(columns.text(), columns.label()) + 1;
            if (record.length < needed) {
                throw new DataFormatException(path + ": line " + file.line() + ": has " + record.length
                        + " columns, expected at least " + needed + " (the text and label columns)");
            }
            float value = Float.NaN;
            if (columns.label() >= 0) {
                String cell = file.text(record, columns.label());
                try {
                    value = DecimalText.parse(cell.strip());
                } catch (NumberFormatException e) {
                    throw new DataFormatException(path + ": line " + file.line() + ": label '" + cell + "' is not a "
                            + "class index; labels of a text file are numbers 0..classes-1 (or use one folder per "
                            + "class)");
                }
                DataSource.checkLabel(value, classes, path, () -> "line " + file.line());
            }
            visitor.visit(key, file.text(record, columns.text()), value);
        } catch (DataFormatException e) {
            throw e.at(file.line());
        }
    }

    /** A column given by name (with a header) or 0-based index (negative from the end). */
    private int column(List<String> names, String[] first, String column, String role) {
        int columns = header ? names.size() : first.length;
        try {
            int index = Integer.parseInt(column);
            int resolved = index < 0 ? columns + index : index;
            if (resolved < 0 || resolved >= columns) {
                throw new DataFormatException(path + ": " + role + " column " + index + " does not exist: rows have "
                        + columns + " columns");
            }
            return resolved;
        } catch (NumberFormatException notAnIndex) {
            int index = header ? names.indexOf(column) : -1;
            if (index < 0) {
                throw new DataFormatException(path + ": no " + role + " column named '" + column + "'"
                        + (header ? "; columns are " + names : "; set header: true to name columns"));
            }
            return index;
        }
    }
}
