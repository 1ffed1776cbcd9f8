package org.sparkfit.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
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
        counts.add("b", 2).add("a", 1).add("c", 1);
        counts.merge(new WordCounts()).add("c", 1).add("d", 1);
        assertEquals(List.of("b", "c", "a"), counts.top(3));
    }

    @Test
    void csvAndFolderLayoutsReadTheSameDocumentsAndLabels() throws Exception {
        TestData.Texts texts = TestData.plantedTexts(30, 3, 1);
        TestData.writeTextCsv(texts, dir.resolve("docs.csv"), true);
        TestData.writeTextFolders(texts, dir.resolve("folders"), 3);
        TextSource csv = labelled(dir.resolve("docs.csv").toString(), false, 50, null);
        WordCounts counts = csv.tokenize(conf, 0, 2, 3, key -> true, Long.MAX_VALUE).counts()
                .merge(csv.tokenize(conf, 1, 2, 3, key -> true, Long.MAX_VALUE).counts());
        Vocabulary vocabulary = new Vocabulary(Vocabulary.Mode.MULTI_HOT, 50, counts.top(49));
        Examples fromCsv = csv.withVocabulary(vocabulary).read(conf, 0, 1, 3);
        TextSource folders = new TextSource(dir.resolve("folders").toString(), null, null, false, ',', false,
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
    void multiHotRowsAreKeptAsTheirEntriesAndKeyedByDocumentWhenReadWhole() throws Exception {
        TestData.Texts texts = TestData.plantedTexts(40, 3, 2);
        TestData.writeTextCsv(texts, dir.resolve("docs.csv"), true);
        Vocabulary vocabulary = topicWords(500, 3);
        TextSource source = labelled(dir.resolve("docs.csv").toString(), true, 500, vocabulary);
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
    void aTokenizedPartReadsAsTheSourceReadWithTheVocabularyFittedOnItsCounts() throws Exception {
        TestData.Texts texts = TestData.plantedTexts(60, 3, 5);
        TestData.writeTextCsv(texts, dir.resolve("docs.csv"), true);
        for (Vocabulary.Mode mode : Vocabulary.Mode.values()) {
            TextSource source = new TextSource(dir.resolve("docs.csv").toString(), "text", "label", true, ',', false,
                    mode, 40, null);
            SplitSource training = new SplitSource(source, 0.3, 9, false);
            for (int part = 0; part < 2; part++) {
                TokenizedPart tokens = source.tokenize(conf, part, 2, 3, training::owns, Long.MAX_VALUE);
                assertTrue(tokens.kept());
                Vocabulary vocabulary = new Vocabulary(mode, 40, tokens.counts().top(30));
                Examples expected = new SplitSource(source.withVocabulary(vocabulary), 0.3, 9, false)
                        .read(conf, part, 2, 3);
                List<Examples> blocks = new java.util.ArrayList<>();
                tokens.read(vocabulary, 64, blocks::add);
                Examples read = Examples.concat(blocks);
                assertTrue(blocks.size() > 1, "blocks of about 64 bytes of values");
                assertEquals(expected.rows(), read.rows(), mode + " part " + part);
                assertArrayEquals(expected.features(), read.features());
                assertArrayEquals(expected.labels(), read.labels());
                for (int r = 0; r < read.rows(); r++) {
                    assertEquals(expected.rowKey(r), read.rowKey(r));
                }
            }
        }
    }

    @Test
    void aPartWhoseWordsExceedTheBudgetKeepsOnlyTheirCounts() throws Exception {
        TestData.Texts texts = TestData.plantedTexts(60, 3, 5);
        TestData.writeTextCsv(texts, dir.resolve("docs.csv"), true);
        TextSource source = labelled(dir.resolve("docs.csv").toString(), false, 40, null);
        TokenizedPart all = source.tokenize(conf, 0, 1, 3, key -> true, Long.MAX_VALUE);
        TokenizedPart counted = source.tokenize(conf, 0, 1, 3, key -> true, all.bytes() / 2);
        assertFalse(counted.kept());
        assertEquals(all.bytes(), counted.bytes(), "what the words would have taken");
        assertEquals(all.counts().top(1000), counted.counts().top(1000));
        assertEquals(all.counts().distinct(), counted.counts().distinct());
        Vocabulary vocabulary = new Vocabulary(Vocabulary.Mode.MULTI_HOT, 40, List.of());
        assertThrows(IllegalStateException.class, () -> counted.read(vocabulary, 64, block -> { }));
    }

    @Test
    void badLabelsNameTheFileAndLine() throws Exception {
        Files.writeString(dir.resolve("bad.csv"), "text,label\ngood film,1\nbad film,positive\n");
        TextSource source = labelled(dir.resolve("bad.csv").toString(), false, 10,
                new Vocabulary(Vocabulary.Mode.MULTI_HOT, 10, List.of("film")));
        DataFormatException e = assertThrows(DataFormatException.class, () -> source.read(conf, 0, 1, 2));
        assertEquals(dir.resolve("bad.csv") + ": line 3: label 'positive' is not a class index; labels of a text "
                + "file are numbers 0..classes-1 (or use one folder per class)", e.getMessage());
    }

    @Test
    void partsReadByteRangesThatTogetherHoldEveryDocumentOnceKeyedByItsLineStart() throws Exception {
        TestData.Texts texts = TestData.plantedTexts(40, 3, 4);
        TestData.writeTextCsv(texts, dir.resolve("docs.csv"), true);
        Vocabulary vocabulary = topicWords(50, 1);
        String file = dir.resolve("docs.csv").toString();
        Examples whole = labelled(file, true, 50, vocabulary).read(conf, 0, 1, 3);
        String content = Files.readString(dir.resolve("docs.csv"));
        for (int parts = 1; parts <= 4; parts++) {
            TextSource source = labelled(file, false, 50, vocabulary);
            List<Examples> read = new java.util.ArrayList<>();
            for (int part = 0; part < parts; part++) {
                read.add(source.read(conf, part, parts, 3));
            }
            Examples all = Examples.concat(read);
            assertEquals(40, all.rows(), parts + " parts");
            assertArrayEquals(whole.features(), all.features(), "the same documents in file order");
            assertArrayEquals(whole.labels(), all.labels());
            int at = content.indexOf('\n') + 1;
            for (int r = 0; r < 40; r++) {
                assertEquals(at, all.rowKey(r), "document " + r + " is keyed by where its line starts");
                at = content.indexOf('\n', at) + 1;
            }
        }
    }

    @Test
    void aDocumentSpanningLinesNeedsMultiline() throws Exception {
        Files.writeString(dir.resolve("lines.csv"), "text,label\n\"one t\u00e9l\u00e9 line\",0\n\"two\nlines\",1\n");
        String file = dir.resolve("lines.csv").toString();
        Vocabulary vocabulary = new Vocabulary(Vocabulary.Mode.MULTI_HOT, 10, List.of("lines", "t\u00e9l\u00e9"));
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> labelled(file, false, 10, vocabulary).read(conf, 0, 1, 2));
        assertEquals(file + ": line 3: a quote opened on this line is not closed on it; check the quoting, or set "
                + "multiline: true if documents span lines", e.getMessage());
        Examples read = labelled(file, true, 10, vocabulary).read(conf, 0, 1, 2);
        assertArrayEquals(new float[] {0, 1}, read.labels());
        float[] expected = new float[20];
        vocabulary.vectorize(Tokenizer.tokens("one t\u00e9l\u00e9 line"), expected, 0);
        vocabulary.vectorize(Tokenizer.tokens("two\nlines"), expected, 10);
        assertArrayEquals(expected, read.features(), "both documents, the accented word found");
        assertEquals("may hold documents that span lines (multiline: true) and cannot be read in parts; set "
                + "multiline: false if each document is on one line",
                labelled(file, true, 10, vocabulary).readWholeByEveryPart(conf));
        assertNull(labelled(file, false, 10, vocabulary).readWholeByEveryPart(conf), "read in byte ranges");
        Files.writeString(dir.resolve("one.csv"), "text,label\n\"one t\u00e9l\u00e9 line\",0\n");
        Examples split = labelled(dir.resolve("one.csv").toString(), false, 10, vocabulary).read(conf, 0, 1, 2);
        assertArrayEquals(java.util.Arrays.copyOf(expected, 10), split.features(), "UTF-8 read in byte ranges");
    }

    /** A multi-hot vocabulary of {@code width} holding word {@code word} of each of the planted texts' 3 topics. */
    private static Vocabulary topicWords(int width, int word) {
        return new Vocabulary(Vocabulary.Mode.MULTI_HOT, width, List.of("topic0word" + word, "topic1word" + word,
                "topic2word" + word));
    }

    /** A delimited file's documents with a header naming the {@code text} and {@code label} columns, multi-hot. */
    private static TextSource labelled(String file, boolean multiline, int width, Vocabulary vocabulary) {
        return new TextSource(file, "text", "label", true, ',', multiline, Vocabulary.Mode.MULTI_HOT, width,
                vocabulary);
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
