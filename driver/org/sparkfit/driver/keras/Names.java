package org.sparkfit.driver.keras;

import java.util.Collection;
import java.util.Comparator;
import org.apache.commons.text.similarity.LevenshteinDistance;

/** "Did you mean" suggestions for misspelt names in the job file. */
public final class Names {
    private Names() {
    }

    /** " (did you mean 'x'?)" for the known name closest to {@code word}, if it is close; else "". */
    public static String suggestion(String word, Collection<?> known) {
        LevenshteinDistance distance = LevenshteinDistance.getDefaultInstance();
        return known.stream().map(String::valueOf)
                .min(Comparator.comparingInt(k -> distance.apply(k, word)))
                .filter(k -> distance.apply(k, word) <= Math.max(2, word.length() / 3))
                .map(k -> " (did you mean '" + k + "'?)").orElse("");
    }
}
