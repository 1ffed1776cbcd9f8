package org.sparkfit.driver.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.sparkfit.datasets.Vocabulary;
import org.sparkfit.driver.ConfigException;
import org.sparkfit.driver.layers.Settings;

/**
 * How a text source's documents become numbers, in the words of Keras' TextVectorization: {@code multi_hot} over
 * the {@code max_tokens} most frequent training words (one 0/1 slot each, slot 0 for other words), or
 * {@code sequence}: the word indices (at most {@code max_tokens}) padded or cut to {@code sequence_length}.
 */
public record VectorizationConfig(String mode, @JsonProperty("max_tokens") Integer maxTokens,
                                  @JsonProperty("sequence_length") Integer sequenceLength) {

    public VectorizationConfig {
        maxTokens = maxTokens == null ? 10_000 : maxTokens;
    }

    /** Checks {@code v}, the value of {@code key}: given, a known mode, room for a word, a sequence's length. */
    static void validate(String key, VectorizationConfig v) {
        if (v == null) {
            throw new ConfigException(key, "missing: how text becomes numbers, e.g. {mode: multi_hot, "
                    + "max_tokens: 10000} or {mode: sequence, max_tokens: 10000, sequence_length: 200}");
        }
        if (!List.of("multi_hot", "sequence").contains(v.mode())) {
            throw new ConfigException(key + ".mode", "must be multi_hot or sequence, got '" + v.mode() + "'");
        }
        int reserved = Vocabulary.reserved(v.vocabularyMode()) + 1;
        if (v.maxTokens() < reserved) {
            throw new ConfigException(key + ".max_tokens", "must be at least " + reserved + " (the reserved indices "
                    + "and one word), got " + v.maxTokens());
        }
        if ("sequence".equals(v.mode())) {
            Settings.required(key + ".sequence_length", v.sequenceLength(),
                    "the length sequences are padded or cut to");
        } else if (v.sequenceLength() != null) {
            throw new ConfigException(key + ".sequence_length", "applies to mode sequence only; multi_hot gives "
                    + "max_tokens values per document");
        }
    }

    /** The vocabulary's mode this (checked) vectorization asks for. */
    @JsonIgnore
    public Vocabulary.Mode vocabularyMode() {
        return "multi_hot".equals(mode) ? Vocabulary.Mode.MULTI_HOT : Vocabulary.Mode.SEQUENCE;
    }
}
