package org.sparkfit.driver.layers;

import java.util.List;
import org.sparkfit.driver.ConfigException;

/**
 * Checks of one setting each, shared by the layers (and job sections) that take it, with the message naming its key
 * and what it must be.
 */
public final class Settings {
    private Settings() {
    }

    /** Checks that {@code value} is given and at least 1; {@code what} says what it is, for the message. */
    public static void required(String key, Integer value, String what) {
        if (value == null) {
            throw new ConfigException(key, "missing: " + what);
        }
        atLeastOne(key, value);
    }

    /** Checks that {@code value} is at least 1. */
    public static void atLeastOne(String key, Integer value) {
        if (value < 1) {
            throw new ConfigException(key, "must be at least 1, got " + value);
        }
    }

    /** Checks a window's size or strides over {@code axes} axes: one positive number, or one per axis. */
    static void window(String key, List<Integer> sizes, int axes) {
        if (sizes == null) {
            throw new ConfigException(key, "missing: a positive whole number" + (axes == 2 ? " or [height, width]"
                    : ""));
        }
        if (sizes.size() != 1 && sizes.size() != axes || sizes.stream().anyMatch(v -> v == null || v < 1)) {
            throw new ConfigException(key, "must be a positive whole number" + (axes == 2 ? " or [height, width]"
                    : "") + ", got " + sizes);
        }
    }

    /** Checks a padding against those the layer takes, e.g. valid and same. */
    static void padding(String key, String padding, List<String> takes) {
        if (!takes.contains(padding)) {
            throw new ConfigException(key, "must be " + String.join(" or ", String.join(", ", takes.subList(0,
                    takes.size() - 1)), takes.get(takes.size() - 1)) + ", got '" + padding + "'");
        }
    }

    /** Checks that {@code value} is a positive finite number. */
    public static void positive(String key, Double value) {
        if (!(value > 0) || value.isInfinite()) {
            throw new ConfigException(key, "must be a positive number, got " + value);
        }
    }
}
