package org.sparkfit.datasets;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Keras TextVectorization's default standardization and split: lower case, punctuation removed, split on spaces. */
public final class Tokenizer {
    private static final Pattern PUNCTUATION = Pattern.compile("[\\p{Punct}\\p{IsPunctuation}]");
    private static final Pattern SPACE = Pattern.compile("\\s+");

    private Tokenizer() {
    }

    public static List<String> tokens(String text) {
        String plain = PUNCTUATION.matcher(text.toLowerCase(Locale.ROOT)).replaceAll("").strip();
        return plain.isEmpty() ? List.of() : Arrays.asList(SPACE.split(plain));
    }
}
