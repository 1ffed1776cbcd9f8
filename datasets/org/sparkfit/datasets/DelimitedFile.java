package org.sparkfit.datasets;

import com.univocity.parsers.common.TextParsingException;
import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import com.univocity.parsers.csv.UnescapedQuoteHandling;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;

/**
 * A delimited text file (CSV, TSV) opened with univocity, the parser of Spark SQL's CSV source, as sparkfit's row
 * readers read it, whole or one {@link RowSplit} of it; each row is its cells. The parser's failures (a header name
 * missing, a quote left open or not doubled) become one-line {@link DataFormatException}s naming the file and line.
 */
final class DelimitedFile implements AutoCloseable, Iterable<String[]> {
    private static final String[] EMPTY = new String[0];
    /** The fix a message about broken quoting gives by default. */
    static final String CHECK_QUOTING = "check the quoting";
    /** The most cells a row may hold; the parser allocates room for them up front. */
    static final int MAX_COLUMNS = 100_000;
    /** What the parser reads ahead when only the head of a file is wanted (its default is a MiB). */
    private static final int HEAD_BUFFER_CHARS = 8 << 10;

    private final String path;
    private final Reader reader;
    private final CsvParser parser;
    /** The split read, whose bytes the parser reads as ISO-8859-1 (one char per byte); null for a whole file. */
    private final RowSplit split;
    private final List<String> header;
    /** What a message about broken quoting tells the reader to do. */
    private final String quotingFix;
    /** Where the row last handed out starts, in chars from the start of what is read. */
    private long rowStart;
    private long nextStart;

    private DelimitedFile(String path, Reader reader, CsvParserSettings settings, RowSplit split, boolean header,
                          String quotingFix) {
        this.path = path;
        this.quotingFix = quotingFix;
        this.reader = reader;
        this.parser = new CsvParser(settings);
        this.split = split;
        parser.beginParsing(reader);
        try {
            this.header = header ? header() : List.of();
        } catch (RuntimeException e) {
            parser.stopParsing();
            throw e;
        }
    }

    /**
     * The whole file as UTF-8 text, its byte-order mark skipped and empty lines skipped, with an optional header.
     *
     * @param trim whether spaces around a cell are dropped (numbers), or kept (text)
     */
    static DelimitedFile open(String path, Configuration conf, char delimiter, boolean header, boolean trim)
            throws IOException {
        return new DelimitedFile(path, HadoopFiles.openText(path, conf), settings(delimiter, trim), null, header,
                CHECK_QUOTING);
    }

    /** {@link #open} for reading the header and first rows only (numbers: spaces dropped), buffering little. */
    static DelimitedFile head(String path, Configuration conf, char delimiter, boolean header) throws IOException {
        CsvParserSettings settings = settings(delimiter, true);
        settings.setInputBufferSize(HEAD_BUFFER_CHARS);
        return new DelimitedFile(path, HadoopFiles.openHeadText(path, conf), settings, null, header, CHECK_QUOTING);
    }

    /** Receives a row of a part read in byte ranges: its cells, and whether it is a file's header line. */
    @FunctionalInterface
    interface RowVisitor {
        void visit(DelimitedFile file, String[] cells, boolean header) throws IOException;
    }

    /**
     * Reads part {@code part} of {@code parts} of the delimited file or directory {@code path} in byte ranges
     * ({@link RowSplit}), spaces around cells dropped, handing {@code visitor} each non-empty row the part owns and,
     * when {@code header}, each file's first line; a data problem the visitor finds is marked at its line. A quoted
     * cell may not run over lines here: a split is cut at line starts.
     *
     * @param quotingFix what a message about broken quoting tells the reader to do, e.g. {@link #CHECK_QUOTING}
     */
    static void forEachRow(String path, Configuration conf, int part, int parts, char delimiter, boolean header,
                           String quotingFix, RowVisitor visitor) throws IOException {
        for (RowSplit split : RowSplit.of(path, conf, part, parts)) {
            boolean headerNext = header && split.fromTop();
            try (DelimitedFile rows = rows(split, delimiter, quotingFix)) {
                long row = 0;
                for (String[] cells : rows) {
                    if (cells.length == 0) {
                        continue;
                    }
                    boolean isHeader = headerNext;
                    headerNext = false;
                    if (isHeader || split.owns(row++)) {
                        try {
                            visitor.visit(rows, cells, isHeader);
                        } catch (DataFormatException e) {
                            throw e.at(rows.line());
                        }
                    }
                }
            }
        }
    }

    /**
     * The rows of one split, spaces around cells dropped. Every line is a row, an empty one too (no cells), so that
     * a row's {@link #key} holds where its line starts; a header line is a row like the others.
     */
    private static DelimitedFile rows(RowSplit split, char delimiter, String quotingFix) throws IOException {
        Reader reader = new InputStreamReader(split.open(), StandardCharsets.ISO_8859_1);
        return new DelimitedFile(split.file(), reader, settings(delimiter, true), split, false, quotingFix);
    }

    private static CsvParserSettings settings(char delimiter, boolean trim) {
        CsvParserSettings settings = new CsvParserSettings();
        settings.getFormat().setDelimiter(delimiter);
        settings.getFormat().setLineSeparator("\n");
        settings.setSkipEmptyLines(false);
        settings.setIgnoreLeadingWhitespaces(trim);
        settings.setIgnoreTrailingWhitespaces(trim);
        settings.setNullValue("");
        settings.setEmptyValue("");
        settings.setMaxColumns(MAX_COLUMNS);
        settings.setMaxCharsPerColumn(-1);
        settings.setUnescapedQuoteHandling(UnescapedQuoteHandling.RAISE_ERROR);
        settings.setReadInputOnSeparateThread(false);
        return settings;
    }

    private List<String> header() {
        String[] names = parseRow();
        if (names == null) {
            return List.of();
        }
        for (int c = 0; c < names.length; c++) {
            if (names[c].isBlank()) {
                throw new DataFormatException(path + ": line 1: the header cannot be read (column " + c + " has no "
                        + "name); give every column a name of its own, or set header: false");
            }
        }
        return List.of(names);
    }

    /** The header's column names; empty without a header. */
    List<String> headerNames() {
        return header;
    }

    /** The line the parser has read up to, 1-based, in the whole file: the last line of the row last handed out. */
    long line() {
        return fileLine(parser.getContext().currentLine());
    }

    private long fileLine(long lineRead) {
        return split == null ? lineRead : split.fileLine(lineRead);
    }

    /** The file read, for messages. */
    String path() {
        return path;
    }

    /** The key of the row of a split last handed out ({@link RowSplit#key}): where its line starts. */
    long key() {
        return split.key(rowStart);
    }

    /** Cell {@code column} of {@code row} as text: a split's cells, read byte by byte, decoded as UTF-8. */
    String text(String[] row, int column) {
        String cell = row[column];
        return split == null ? cell : new String(cell.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    /** The next row (no cells for an empty line), or null at the end; a whole file's empty lines are skipped. */
    private String[] parseRow() {
        String[] row;
        do {
            row = parseLine();
        } while (split == null && row != null && row.length == 0);
        return row;
    }

    /**
     * The next line's cells; lines end with a line feed, a carriage return before it dropped, so that files
     * mixing both endings read alike.
     */
    private String[] parseLine() {
        long firstLine = parser.getContext().currentLine() + 1;
        String[] row;
        try {
            row = parser.parseNext();
        } catch (TextParsingException e) {
            long line = fileLine(firstLine);
            if (e.getCause() instanceof ArrayIndexOutOfBoundsException) {
                throw new DataFormatException(path + ": line " + line + ": has more than " + MAX_COLUMNS
                        + " columns, the most a delimited file's row may hold; store wider rows as libsvm or parquet")
                        .at(line);
            }
            throw unreadable(line, reason(e));
        }
        rowStart = nextStart;
        nextStart = parser.getContext().currentChar();
        if (row == null) {
            return null;
        }
        if (split != null && parser.getContext().currentLine() > firstLine) {
            throw unreadable(fileLine(firstLine), "a quote opened on this line is not closed on it");
        }
        int last = row.length - 1;
        if (last >= 0 && row[last].endsWith("\r")) {
            row[last] = row[last].substring(0, row[last].length() - 1);
        }
        return row.length == 0 || row.length == 1 && row[0].isEmpty() ? EMPTY : row;
    }

    private DataFormatException unreadable(long line, String reason) {
        return new DataFormatException(path + ": line " + line + ": " + reason + "; " + quotingFix).at(line);
    }

    /** The first sentence of univocity's message, without its class name. */
    private static String reason(TextParsingException e) {
        String message = String.valueOf(e.getMessage()).replaceFirst("^[\\w.]+Exception - ", "");
        int end = message.indexOf(". ");
        return (end < 0 ? message.lines().findFirst().orElse("") : message.substring(0, end)).strip();
    }

    @Override
    public Iterator<String[]> iterator() {
        return new Iterator<>() {
            private String[] ahead;

            @Override
            public boolean hasNext() {
                if (ahead == null) {
                    ahead = parseRow();
                }
                return ahead != null;
            }

            @Override
            public String[] next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                String[] row = ahead;
                ahead = null;
                return row;
            }
        };
    }

    @Override
    public void close() throws IOException {
        parser.stopParsing();
        reader.close();
    }
}
