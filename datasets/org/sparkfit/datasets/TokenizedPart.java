package org.sparkfit.datasets;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;

/**
 * One part of a text source as word numbers: its documents' words numbered in the part's own dictionary, with their
 * labels and row keys, and how often each word occurs. A text training set is read into these first, because its
 * vocabulary needs every part's word counts before any document can become numbers; the part is then vectorized
 * from here ({@link #read}) rather than read from storage again. The word numbers are kept while they take at most
 * a budget of bytes; past it only the counts are ({@link #kept()} false), and the part must be read again.
 */
public final class TokenizedPart implements Serializable {
    private static final long serialVersionUID = 1L;
    /** About the heap bytes of a word new to the dictionary besides its characters: string, map entry, count. */
    private static final int WORD_BYTES = 100;

    private final String source;
    private final boolean labelled;
    private final long budget;
    private final List<String> words = new ArrayList<>();
    private transient HashMap<String, Integer> numbers = new HashMap<>();
    private long[] counts = new long[16];
    private int[] tokens = new int[1024];
    private int tokenCount;
    private int[] ends = new int[64];
    private float[] labels = new float[64];
    private long[] keys = new long[64];
    private int documents;
    private long bytes;
    private boolean kept = true;

    /**
     * @param source   the data set read, for messages
     * @param labelled whether its documents have labels
     * @param budget   the most bytes the word numbers may take before only the counts are kept
     */
    TokenizedPart(String source, boolean labelled, long budget) {
        this.source = source;
        this.labelled = labelled;
        this.budget = budget;
    }

    /** Adds the document keyed {@code key} (its key in the whole source), its words and its label (NaN: none). */
    void add(long key, List<String> words, float label) {
        int[] numbered = new int[words.size()];
        for (int i = 0; i < numbered.length; i++) {
            numbered[i] = number(words.get(i));
        }
        bytes += (long) Integer.BYTES * numbered.length + Integer.BYTES + Float.BYTES + Long.BYTES;
        if (kept && (bytes > budget || (long) tokenCount + numbered.length > Integer.MAX_VALUE - 8)) {
            kept = false;
            tokens = null;
            ends = null;
            labels = null;
            keys = null;
        }
        if (!kept) {
            return;
        }
        if (tokenCount + numbered.length > tokens.length) {
            tokens = Arrays.copyOf(tokens, (int) Math.min(Integer.MAX_VALUE - 8,
                    Math.max((long) tokens.length * 2, (long) tokenCount + numbered.length)));
        }
        System.arraycopy(numbered, 0, tokens, tokenCount, numbered.length);
        tokenCount += numbered.length;
        if (documents == ends.length) {
            ends = Arrays.copyOf(ends, documents * 2);
            labels = Arrays.copyOf(labels, documents * 2);
            keys = Arrays.copyOf(keys, documents * 2);
        }
        ends[documents] = tokenCount;
        labels[documents] = label;
        keys[documents] = key;
        documents++;
    }

    private int number(String word) {
        Integer known = numbers.get(word);
        if (known != null) {
            counts[known]++;
            return known;
        }
        int number = words.size();
        words.add(word);
        numbers.put(word, number);
        if (number == counts.length) {
            counts = Arrays.copyOf(counts, number * 2);
        }
        counts[number] = 1;
        bytes += WORD_BYTES + 2L * word.length();
        return number;
    }

    /** This part with its arrays cut to their contents, ready to be stored. */
    TokenizedPart finish() {
        numbers = null;
        counts = Arrays.copyOf(counts, words.size());
        if (kept) {
            tokens = Arrays.copyOf(tokens, tokenCount);
            ends = Arrays.copyOf(ends, documents);
            labels = Arrays.copyOf(labels, documents);
            keys = Arrays.copyOf(keys, documents);
        }
        return this;
    }

    /** Whether the documents' word numbers are kept (else only the counts: the part must be read again). */
    public boolean kept() {
        return kept;
    }

    /** About the heap bytes the word numbers and the dictionary take (or would have taken, when not kept). */
    public long bytes() {
        return bytes;
    }

    /** How often each word occurs in this part. */
    public WordCounts counts() {
        WordCounts all = new WordCounts();
        for (int i = 0; i < words.size(); i++) {
            all.add(words.get(i), counts[i]);
        }
        return all;
    }

    /**
     * Hands this part's documents, turned into numbers with {@code vocabulary}, to {@code blocks} as the text source
     * reads them ({@link TextSource#read(org.apache.hadoop.conf.Configuration, int, int, int, long,
     * DataSource.Blocks)}).
     */
    public void read(Vocabulary vocabulary, long blockBytes, DataSource.Blocks blocks) throws IOException {
        if (!kept) {
            throw new IllegalStateException(source + ": the word numbers of this part were not kept");
        }
        int[] index = new int[words.size()];
        for (int i = 0; i < index.length; i++) {
            index[i] = vocabulary.indexOf(words.get(i));
        }
        RowBlocks rows = new RowBlocks(source, vocabulary.width(), labelled, true, blockBytes, blocks);
        float[] row = new float[vocabulary.width()];
        for (int d = 0, start = 0; d < documents; start = ends[d++]) {
            int from = start;
            vocabulary.vectorize(ends[d] - from, i -> index[tokens[from + i]], row, 0);
            rows.row(row, labels[d], keys[d]);
        }
        rows.finish();
    }
}
