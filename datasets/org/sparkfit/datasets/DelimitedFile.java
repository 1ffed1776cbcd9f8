package org.sparkfit.datasets;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.hadoop.conf.Configuration;

/**
 * A delimited text file (CSV, TSV) opened with Commons CSV as sparkfit's row readers read it, whole or one
 * {@link RowSplit} of it. The parser's own failures (a header name missing or given twice, a quote left open) become
 * one-line {@link DataFormatException}s naming the file and line.
 */
final class DelimitedFile implements AutoCloseable, Iterable<CSVRecord> {
    private final String path;
    private final CSVParser parser;
    /** The split read, whose bytes the parser reads as ISO-8859-1 (one char per byte); null for a whole file. */
    private final RowSplit split;

    private DelimitedFile(String path, CSVParser parser, RowSplit split) {
        this.path = path;
        this.parser = parser;
        this.split = split;
    }

    /**
     * The whole file as UTF-8 text, its byte-order mark skipped and empty lines skipped, with an optional header.
     *
     * @param trim whether spaces around a cell are dropped (numbers), or kept (text)
     */
    static DelimitedFile open(String path, Configuration conf, char delimiter, boolean header, boolean trim)
            throws IOException {
        return open(path, HadoopFiles.openText(path, conf), delimiter, header, trim);
    }

    /** {@link #open} for reading the header and first rows only (numbers: spaces dropped), buffering little. */
    static DelimitedFile head(String path, Configuration conf, char delimiter, boolean header) throws IOException {
        return open(path, HadoopFiles.openHeadText(path, conf), delimiter, header, true);
    }

    private static DelimitedFile open(String path, Reader reader, char delimiter, boolean header, boolean trim)
            throws IOException {
        CSVFormat.Builder format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setIgnoreEmptyLines(true)
                .setIgnoreSurroundingSpaces(trim);
        if (header) {
            format.setHeader().setSkipHeaderRecord(true);
        }
        try {
            return new DelimitedFile(path, CSVParser.parse(reader, format.build()), null);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            reader.close();
            throw new DataFormatException(path + ": line 1: the header cannot be read (" + e.getMessage() + "); give "
                    + "every column a name of its own, or set header: false");
        }
    }

    /**
     * The rows of one split, spaces around cells dropped. Every line is a record, an empty one too (one empty cell),
     * so that a record's {@link #key} holds where its line starts; a header line is a record like the others.
     */
    static DelimitedFile rows(RowSplit split, char delimiter) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setIgnoreEmptyLines(false)
                .setIgnoreSurroundingSpaces(true).build();
        Reader reader = new InputStreamReader(split.open(), StandardCharsets.ISO_8859_1);
        return new DelimitedFile(split.file(), CSVParser.parse(reader, format), split);
    }

    CSVParser parser() {
        return parser;
    }

    /** The line the parser has read up to, 1-based, in the whole file. */
    long line() {
        return split == null ? parser.getCurrentLineNumber() : split.fileLine(parser.getCurrentLineNumber());
    }

    /** The file read, for messages. */
    String path() {
        return path;
    }

    /** The key of {@code record} of a split ({@link RowSplit#key}): where its line starts. */
    long key(CSVRecord record) {
        return split.key(record.getCharacterPosition());
    }

    /** Cell {@code column} of {@code record} as text, for a message. */
    String text(CSVRecord record, int column) {
        String cell = record.get(column);
        return split == null ? cell : new String(cell.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    @Override
    public Iterator<CSVRecord> iterator() {
        Iterator<CSVRecord> records = parser.iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                try {
                    return records.hasNext();
                } catch (UncheckedIOException | IllegalStateException e) {
                    Throwable cause = e.getCause() != null ? e.getCause() : e;
                    throw new DataFormatException(path + ": line " + (line() + 1) + ": " + cause.getMessage()
                            .replaceFirst("^\\(line \\d+\\) ", "") + "; check the quoting").at(line() + 1);
                }
            }

            @Override
            public CSVRecord next() {
                hasNext();
                return records.next();
            }
        };
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
