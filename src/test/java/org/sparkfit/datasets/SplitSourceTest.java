package org.sparkfit.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkfit.testing.TestData;

/** validation_split's two sides: disjoint, together the whole source, the asked fraction, whatever the parts. */
class SplitSourceTest {
    @TempDir
    Path dir;

    @Test
    void sidesAreDisjointCompleteAndIndependentOfPartitioning() throws Exception {
        TestData.writeCsv(TestData.planted(2000, 4, 2, 1), dir.resolve("all.csv"), true);
        CsvSource all = new CsvSource(dir.resolve("all.csv").toString(), "label", true, ',');
        Configuration conf = new Configuration();
        for (int parts : new int[] {1, 3}) {
            TreeSet<Long> train = rows(new SplitSource(all, 0.2, 7, false), conf, parts);
            TreeSet<Long> validation = rows(new SplitSource(all, 0.2, 7, true), conf, parts);
            assertEquals(2000, train.size() + validation.size());
            train.retainAll(validation);
            assertTrue(train.isEmpty(), "overlap " + train);
            assertEquals(400, validation.size(), 40, "about a fifth held out");
            assertEquals(validation, rows(new SplitSource(all, 0.2, 7, true), conf, 2), "same rows in 2 parts");
        }
    }

    @Test
    void aVocabularyCountsTheTrainingSideOnly() throws Exception {
        StringBuilder csv = new StringBuilder();
        for (int d = 0; d < 200; d++) {
            csv.append("common word").append(d).append(",0\n");
        }
        java.nio.file.Files.writeString(dir.resolve("docs.csv"), csv);
        // Read whole by every part (multiline): rows are keyed by document number, which names each one's word.
        TextSource text = new TextSource(dir.resolve("docs.csv").toString(), "0", "1", false, ',', true,
                Vocabulary.Mode.MULTI_HOT, 500, null);
        SplitSource training = new SplitSource(text, 0.25, 3, false);
        WordCounts counts = text.tokenize(conf(), 0, 2, 2, training::owns, Long.MAX_VALUE).counts()
                .merge(text.tokenize(conf(), 1, 2, 2, training::owns, Long.MAX_VALUE).counts());
        Vocabulary none = new Vocabulary(Vocabulary.Mode.MULTI_HOT, 500, java.util.List.of());
        TreeSet<Long> trainingRows = rows(new SplitSource(text.withVocabulary(none), 0.25, 3, false), conf(), 2);
        assertEquals(trainingRows.size() + 1, counts.distinct(), "'common' and one word per training document");
        for (long row : trainingRows) {
            assertTrue(counts.top(500).contains("word" + row), "word" + row);
        }
    }

    private static Configuration conf() {
        return new Configuration();
    }

    private static TreeSet<Long> rows(SplitSource source, Configuration conf, int parts) throws Exception {
        TreeSet<Long> rows = new TreeSet<>();
        for (int p = 0; p < parts; p++) {
            Examples part = source.read(conf, p, parts, 2);
            for (int i = 0; i < part.rows(); i++) {
                rows.add(part.rowKey(i));
            }
        }
        return rows;
    }
}
