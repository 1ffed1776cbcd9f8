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

    /**
     * Keras' snake-case name for its class name {@code camel}, as Keras derives layer types and identifiers:
     * GlobalAveragePooling1D to global_average_pooling1d, SimpleRNN to simple_rnn, GlorotUniform to glorot_uniform.
     */
    public static String snakeCase(String camel) {
        return camel.replaceAll("([a-z])([A-Z])", "$1_$2").replaceAll("([A-Z]+)([A-Z][a-z])", "$1_$2")
                .toLowerCase(java.util.Locale.ROOT);
    }
}
