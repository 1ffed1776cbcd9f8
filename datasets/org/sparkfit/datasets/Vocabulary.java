package org.sparkfit.datasets;

import java.io.Serializable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;

/**
 * The words a text model knows, most frequent in the training set first, and how a document becomes numbers, as
 * Keras' TextVectorization does: {@code multi_hot} gives one 0/1 slot per vocabulary index (index 0 for words
 * outside the vocabulary), {@code sequence} gives the word indices in order (0 pads, 1 marks an unknown word),
 * padded or cut at the front to {@code length} as Keras' pad_sequences does.
 */
public final class Vocabulary implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The two ways a document becomes numbers. */
    public enum Mode { MULTI_HOT, SEQUENCE }

    private final Mode mode;
    private final int width;
    private final List<String> words;
    private transient Map<String, Integer> index;

    /**
     * @param width {@code multi_hot}: the number of slots (vocabulary size); {@code sequence}: the sequence length
     * @param words the known words, most frequent first
     */
    public Vocabulary(Mode mode, int width, List<String> words) {
        this.mode = mode;
        this.width = width;
        this.words = List.copyOf(words);
    }

    /** How many indices are taken before the first word: OOV for multi_hot; padding and OOV for sequences. */
    public static int reserved(Mode mode) {
        return mode == Mode.MULTI_HOT ? 1 : 2;
    }

    public Mode mode() {
        return mode;
    }

    /** Values per example. */
    public int width() {
        return width;
    }

    public List<String> words() {
        return words;
    }

    /** The largest index this vocabulary gives plus one: an embedding's input_dim must be at least this. */
    public int indices() {
        return words.size() + reserved(mode);
    }

    /** Writes {@code tokens} as numbers into {@code out[from .. from + width)}. */
    public void vectorize(List<String> tokens, float[] out, int from) {
        vectorize(tokens.size(), i -> indexOf(tokens.get(i)), out, from);
    }

    /**
     * Writes a document of {@code length} words as numbers into {@code out[from .. from + width)}, its i-th word's
     * index ({@link #indexOf}) given by {@code index}.
     */
    public void vectorize(int length, IntUnaryOperator index, float[] out, int from) {
        Arrays.fill(out, from, from + width, 0f);
        if (mode == Mode.MULTI_HOT) {
            for (int i = 0; i < length; i++) {
                out[from + index.applyAsInt(i)] = 1f;
            }
            return;
        }
        int kept = Math.min(length, width);
        int skip = length - kept;
        for (int i = 0; i < kept; i++) {
            out[from + width - kept + i] = index.applyAsInt(skip + i);
        }
    }

    /** The index of {@code token}: its place among the words after the reserved indices, or the unknown word's. */
    public int indexOf(String token) {
        if (index == null) {
            Map<String, Integer> built = new HashMap<>();
            for (int i = 0; i < words.size(); i++) {
                built.put(words.get(i), i + reserved(mode));
            }
            index = built;
        }
        return index.getOrDefault(token, reserved(mode) - 1);
    }
}
