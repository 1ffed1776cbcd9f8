package org.sparkfit.bench;

import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.hadoop.conf.Configuration;
import org.sparkfit.datasets.CsvSource;
import org.sparkfit.datasets.DecimalText;
import org.sparkfit.datasets.Examples;
import org.sparkfit.datasets.IdxSource;

/**
 * Why sparkfit parses CSV with univocity (the parser of Spark SQL's CSV source) rather than Commons CSV, which it
 * used before: Fashion-MNIST's 60,000 training images as a CSV of 785 columns, in memory, tokenized by each parser
 * over the same ISO-8859-1 characters with every cell parsed by the same {@link DecimalText}, and read whole by
 * sparkfit's {@link CsvSource} from a file; MB/s of each, interleaved, median of 5. Run by {@code scripts/bench-data};
 * never part of the tests.
 */
public final class CsvParserBenchmark {
    private static final int REPEATS = 5;

    private CsvParserBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String fashion = "/usr/share/datasets/fashion-mnist/";
        Examples images = new IdxSource(fashion + "train-images-idx3-ubyte.gz", fashion + "train-labels-idx1-ubyte.gz")
                .read(new Configuration(), 0, 1, 10);
        byte[] csv = csv(images);
        Path file = Files.createTempFile("fashion", ".csv");
        Files.write(file, csv);
        double[][] seconds = new double[3][REPEATS];
        for (int r = 0; r < REPEATS; r++) {
            seconds[0][r] = time(() -> commons(csv));
            seconds[1][r] = time(() -> univocity(csv));
            seconds[2][r] = time(() -> new CsvSource(file.toString(), "0", false, ',').read(new Configuration(), 0,
                    1, 10).rows());
        }
        Files.delete(file);
        double mb = csv.length / 1e6;
        System.out.printf(Locale.ROOT, "%nCSV parsing: Fashion-MNIST training set, %d rows x 785 columns, %.1f MB, "
                + "1 thread, median of %d%n", images.rows(), mb, REPEATS);
        String[] names = {"Commons CSV tokens + DecimalText", "univocity tokens + DecimalText",
            "sparkfit CsvSource.read (univocity), file"};
        double base = median(seconds[0]);
        for (int i = 0; i < names.length; i++) {
            double s = median(seconds[i]);
            System.out.printf(Locale.ROOT, "%-44s %7.1f MB/s %6.2fx the time of Commons CSV tokens%n", names[i],
                    mb / s, s / base);
        }
    }

    private interface Run {
        long run() throws Exception;
    }

    private static double time(Run run) throws Exception {
        long start = System.nanoTime();
        if (run.run() <= 0) {
            throw new IllegalStateException("nothing parsed");
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static long commons(byte[] csv) throws Exception {
        double sum = 0;
        long rows = 0;
        try (Reader reader = reader(csv); CSVParser parser = CSVParser.parse(reader, CSVFormat.DEFAULT)) {
            for (CSVRecord record : parser) {
                for (int c = 0; c < record.size(); c++) {
                    sum += DecimalText.parse(record.get(c));
                }
                rows++;
            }
        }
        return sum > 0 ? rows : 0;
    }

    private static long univocity(byte[] csv) throws Exception {
        CsvParserSettings settings = new CsvParserSettings();
        settings.setMaxColumns(100_000);
        settings.setMaxCharsPerColumn(-1);
        CsvParser parser = new CsvParser(settings);
        double sum = 0;
        long rows = 0;
        try (Reader reader = reader(csv)) {
            parser.beginParsing(reader);
            for (String[] row = parser.parseNext(); row != null; row = parser.parseNext()) {
                for (String cell : row) {
                    sum += DecimalText.parse(cell);
                }
                rows++;
            }
        }
        return sum > 0 ? rows : 0;
    }

    private static Reader reader(byte[] csv) {
        return new InputStreamReader(new ByteArrayInputStream(csv), StandardCharsets.ISO_8859_1);
    }

    /** label,pixel,... one line per image. */
    private static byte[] csv(Examples images) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (BufferedOutputStream out = new BufferedOutputStream(bytes)) {
            float[] row = new float[images.width()];
            StringBuilder line = new StringBuilder();
            for (int r = 0; r < images.rows(); r++) {
                images.copyRow(r, row, 0);
                line.setLength(0);
                line.append((int) images.label(r));
                for (float v : row) {
                    line.append(',').append((int) v);
                }
                out.write(line.append('\n').toString().getBytes(StandardCharsets.US_ASCII));
            }
        }
        return bytes.toByteArray();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
