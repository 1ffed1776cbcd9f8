package org.sparkfit.datasets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Reader;
import java.util.Iterator;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.hadoop.conf.Configuration;

/**
 * A delimited text file (CSV, TSV) opened with Commons CSV as sparkfit's row readers read it: UTF-8 with its
 * byte-order mark skipped, empty lines skipped, an optional header. The parser's own failures (a header name missing
 * or given twice, a quote left open) become one-line {@link DataFormatException}s naming the file and line.
 */
final class DelimitedFile implements AutoCloseable, Iterable<CSVRecord> {
    private final String path;
    private final CSVParser parser;

    private DelimitedFile(String path, CSVParser parser) {
        this.path = path;
        this.parser = parser;
    }

    /** @param trim whether spaces around a cell are dropped (numbers), or kept (text) */
    static DelimitedFile open(String path, Configuration conf, char delimiter, boolean header, boolean trim)
            throws IOException {
        CSVFormat.Builder format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setIgnoreEmptyLines(true)
                .setIgnoreSurroundingSpaces(trim);
        if (header) {
            format.setHeader().setSkipHeaderRecord(true);
        }
        Reader reader = HadoopFiles.openText(path, conf);
        try {
            return new DelimitedFile(path, CSVParser.parse(reader, format.build()));
        } catch (IllegalArgumentException | UncheckedIOException e) {
            reader.close();
            throw new DataFormatException(path + ": line 1: the header cannot be read (" + e.getMessage() + "); give "
                    + "every column a name of its own, or set header: false");
        }
    }

    CSVParser parser() {
        return parser;
    }

    /** The line the parser has read up to, 1-based. */
    long line() {
        return parser.getCurrentLineNumber();
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
