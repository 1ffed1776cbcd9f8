package org.sparkfit.driver.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.sparkfit.datasets.Vocabulary;

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

    /** The vocabulary's mode this (checked) vectorization asks for. */
    @JsonIgnore
    public Vocabulary.Mode vocabularyMode() {
        return "multi_hot".equals(mode) ? Vocabulary.Mode.MULTI_HOT : Vocabulary.Mode.SEQUENCE;
    }
}
