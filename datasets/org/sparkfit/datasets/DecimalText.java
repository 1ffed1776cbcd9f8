package org.sparkfit.datasets;

/**
 * Numbers as data files write them, read by one strict grammar: {@code [+-]digits[.digits][(e|E)[+-]digits]} (or
 * {@code .digits}), and the words {@code nan}, {@code inf} and {@code infinity} in any case, which parse to the
 * non-finite values they name so that callers can refuse them by name. Java's own parser is lenient ({@code 2.5f},
 * {@code 1d}, {@code 0x1p3} are numbers to it), which would let a malformed cell through as a value.
 */
public final class DecimalText {
    private DecimalText() {
    }

    /** @throws NumberFormatException when {@code text} is not a number in this grammar */
    public static float parse(String text) {
        float whole = smallWhole(text);
        if (!Float.isNaN(whole)) {
            return whole;
        }
        if (isDecimal(text)) {
            return Float.parseFloat(text);
        }
        String word = text.startsWith("-") || text.startsWith("+") ? text.substring(1) : text;
        if (word.equalsIgnoreCase("nan")) {
            return Float.NaN;
        }
        if (word.equalsIgnoreCase("inf") || word.equalsIgnoreCase("infinity")) {
            return text.startsWith("-") ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY;
        }
        throw new NumberFormatException("not a decimal number: '" + text + "'");
    }

    /**
     * {@code s} as a whole number of at most 7 digits (exact as a float, as Float.parseFloat gives it, -0 included),
     * or NaN when it is not one: pixels and class indices, most cells of most files, skip the general grammar and
     * parser, which took half of a CSV's reading time.
     */
    private static float smallWhole(String s) {
        int n = s.length();
        int i = n > 0 && (s.charAt(0) == '-' || s.charAt(0) == '+') ? 1 : 0;
        if (n - i < 1 || n - i > 7) {
            return Float.NaN;
        }
        int value = 0;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                return Float.NaN;
            }
            value = value * 10 + (c - '0');
        }
        return s.charAt(0) == '-' ? -(float) value : value;
    }

    private static boolean isDecimal(String s) {
        int i = s.startsWith("-") || s.startsWith("+") ? 1 : 0;
        int digits = 0;
        for (; i < s.length() && isDigit(s.charAt(i)); i++) {
            digits++;
        }
        if (i < s.length() && s.charAt(i) == '.') {
            for (i++; i < s.length() && isDigit(s.charAt(i)); i++) {
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
                i++;
            }
            int exponent = i;
            while (i < s.length() && isDigit(s.charAt(i))) {
                i++;
            }
            if (i == exponent) {
                return false;
            }
        }
        return i == s.length();
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
