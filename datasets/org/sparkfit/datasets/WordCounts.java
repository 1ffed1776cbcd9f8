package org.sparkfit.datasets;

import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** How often each word occurs in some documents: counted per partition on the executors, merged on the driver. */
public final class WordCounts implements Serializable {
    private static final long serialVersionUID = 1L;

    private final HashMap<String, Long> counts = new HashMap<>();

    /** Counts {@code n} more occurrences of {@code word}. */
    public WordCounts add(String word, long n) {
        counts.merge(word, n, Long::sum);
        return this;
    }

    public WordCounts merge(WordCounts other) {
        other.counts.forEach((word, n) -> counts.merge(word, n, Long::sum));
        return this;
    }

    /** The {@code n} most frequent words, ties broken alphabetically so the vocabulary is reproducible. */
    public List<String> top(int n) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(n).map(Map.Entry::getKey).toList();
    }

    public int distinct() {
        return counts.size();
    }
}
