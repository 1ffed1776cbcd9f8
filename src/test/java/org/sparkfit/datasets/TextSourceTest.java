package org.sparkfit.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkfit.testing.TestData;

/** Keras-style text vectorization: tokens, the fitted vocabulary, multi-hot and padded sequences, both layouts. */
class TextSourceTest {
    private final Configuration conf = new Configuration();

    @TempDir
    Path dir;

    @Test
    void tokensAreLowerCasedWithoutPunctuation() {
        assertEquals(List.of("its", "a", "fine", "film", "really"), Tokenizer.tokens("It's a FINE film... really!"));
        assertEquals(List.of(), Tokenizer.tokens(" ?! "));
    }

    @Test
    void multiHotSetsOneSlotPerKnownWordAndSlotZeroForOthers() {
        Vocabulary vocabulary = new Vocabulary(Vocabulary.Mode.MULTI_HOT, 4, List.of("the", "cat", "sat"));
        float[] out = new float[5];
        vocabulary.vectorize(List.of("the", "dog", "sat", "the"), out, 1);
        assertArrayEquals(new float[] {0, 1, 1, 0, 1}, out);
        assertEquals(4, vocabulary.indices());
    }

    @Test
    void sequencesArePaddedAndCutAtTheFrontLikePadSequences() {
        Vocabulary vocabulary = new Vocabulary(Vocabulary.Mode.SEQUENCE, 4, List.of("the", "cat", "sat"));
        float[] out = new float[4];
        vocabulary.vectorize(List.of("the", "dog"), out, 0);
        assertArrayEquals(new float[] {0, 0, 2, 1}, out, "0 pads, 1 is an unknown word, words from 2");
        vocabulary.vectorize(List.of("sat", "the", "cat", "the", "dog"), out, 0);
        assertArrayEquals(new float[] {2, 3, 2, 1}, out, "the last 4 words kept");
    }

    @Test
    void vocabularyIsTheMostFrequentWordsTiesAlphabetical() {
        WordCounts counts = new WordCounts();
        counts.add(List.of("b", "a", "c", "b"));
        counts.merge(new WordCounts()).add(List.of("c", "d"));
        assertEquals(List.of("b", "c", "a"), counts.top(3));
    }

    @Test
    void csvAndFolderLayoutsReadTheSameDocumentsAndLabels() throws Exception {
        TestData.Texts texts = TestData.plantedTexts(30, 3, 1);
        TestData.writeTextCsv(texts, dir.resolve("docs.csv"), true);
        TestData.writeTextFolders(texts, dir.resolve("folders"), 3);
        TextSource csv = new TextSource(dir.resolve("docs.csv").toString(), "text", "label", true, ',',
                Vocabulary.Mode.MULTI_HOT, 50, null);
        WordCounts counts = csv.countWords(conf, 0, 2).merge(csv.countWords(conf, 1, 2));
        Vocabulary vocabulary = new Vocabulary(Vocabulary.Mode.MULTI_HOT, 50, counts.top(49));
        Examples fromCsv = csv.withVocabulary(vocabulary).read(conf, 0, 1, 3);
        TextSource folders = new TextSource(dir.resolve("folders").toString(), null, null, false, ',',
                Vocabulary.Mode.MULTI_HOT, 50, vocabulary);
        Examples fromFolders = folders.read(conf, 0, 1, 3);
        assertEquals(30, fromCsv.rows());
        assertEquals(30, fromFolders.rows());
        assertEquals(new DataShape(-1, new int[] {50}), folders.inspect(conf));
        // Folders list class 0's documents first, so compare the multisets of (label, row) pairs.
        assertEquals(rows(fromCsv), rows(fromFolders));
        assertEquals("topic0word3", vocabulary.words().get(0), "lower-cased, comma stripped");
    }

    @Test
    void multiHotRowsAreKeptAsTheirEntriesAndKeyedByDocument() throws Exception {
        TestData.Texts texts = TestData.plantedTexts(40, 3, 2);
        TestData.writeTextCsv(texts, dir.resolve("docs.csv"), true);
        Vocabulary vocabulary = new Vocabulary(Vocabulary.Mode.MULTI_HOT, 500, List.of("topic0word3", "topic1word3",
                "topic2word3"));
        TextSource source = new TextSource(dir.resolve("docs.csv").toString(), "text", "label", true, ',',
                Vocabulary.Mode.MULTI_HOT, 500, vocabulary);
        Examples part = source.read(conf, 1, 2, 3);
        assertInstanceOf(FeatureValues.Sparse.class, part.values());
        assertTrue(part.values().memoryBytes() < part.rows() * 500L / 4, part.values().memoryBytes() + " bytes");
        for (int i = 0; i < part.rows(); i++) {
            assertEquals(1 + 2L * i, part.rowKey(i), "document number");
        }
        float[] row = new float[500];
        vocabulary.vectorize(Tokenizer.tokens(texts.documents().get(3)), row, 0);
        assertArrayEquals(row, Arrays.copyOfRange(part.features(), 500, 1000), "document 3 is the part's second");
    }

    @Test
    void badLabelsNameTheFileAndLine() throws Exception {
        Files.writeString(dir.resolve("bad.csv"), "text,label\ngood film,1\nbad film,positive\n");
        TextSource source = new TextSource(dir.resolve("bad.csv").toString(), "text", "label", true, ',',
                Vocabulary.Mode.MULTI_HOT, 10, new Vocabulary(Vocabulary.Mode.MULTI_HOT, 10, List.of("film")));
        DataFormatException e = assertThrows(DataFormatException.class, () -> source.read(conf, 0, 1, 2));
        assertEquals(dir.resolve("bad.csv") + ": line 3: label 'positive' is not a class index; labels of a text "
                + "file are numbers 0..classes-1 (or use one folder per class)", e.getMessage());
    }

    private static List<String> rows(Examples data) {
        List<String> rows = new java.util.ArrayList<>();
        for (int r = 0; r < data.rows(); r++) {
            float[] row = java.util.Arrays.copyOfRange(data.features(), r * data.width(), (r + 1) * data.width());
            rows.add(data.label(r) + " " + java.util.Arrays.toString(row));
        }
        rows.sort(null);
        return rows;
    }
}
