package org.sparkfit.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.sparkfit.driver.ConfigException;
import org.sparkfit.driver.config.JobConfigLoader;
import org.sparkfit.testing.Jobs;

/**
 * Malformed job files, generated: mutations of a valid job (a cut, a flipped character, a value swapped for another
 * type, huge and negative numbers, a key given twice, odd Unicode, YAML tags and aliases) read by the real loader.
 * The contract: a {@link ConfigException} whose one-line message names the file or a key, or a job that loads;
 * never another exception type, never a hang; a key given twice is always refused. Seeds are fixed.
 */
class JobFileFuzzTest {
    static final int TRIES = 400;
    private static final String SOURCE = "job.yaml";
    private static final String VALID = Jobs.idxClassifier("/data", 12, 3, "/runs/out");
    private static final List<String> LINES = VALID.lines().toList();

    @Provide
    Arbitrary<String> values() {
        return Arbitraries.oneOf(
                Arbitraries.of("-1", "0", "1e309", "99999999999999999999", "-2147483649", "2147483648", "NaN",
                        ".inf", "~", "null", "''", "[]", "{}", "[1, [2]]", "{a: {b: c}}", "!!java.io.File /etc",
                        "!!binary aGk=", "2001-12-14", "0x1F", "0o17", "1_000", "yes", "\"\\u0000\"", "é", "\uD83D\uDE00",
                        "*nowhere", "&a [*a]", "|\n  text", ">-", "'unterminated", "[", "}", ": :", "- - -"),
                Arbitraries.strings().ofMaxLength(12).withChars("abc019:-[]{},'\"&*!|>#%@`\t\u00a0\u2028é"),
                Arbitraries.integers().map(String::valueOf), Arbitraries.doubles().map(String::valueOf));
    }

    /** A change to the valid job: one line's value replaced, a line cut or duplicated, a character flipped. */
    record Mutation(String kind, double where, String value) {
        String apply() {
            List<String> lines = new ArrayList<>(LINES);
            int i = (int) (where * lines.size());
            String line = lines.get(i);
            switch (kind) {
                case "value" -> {
                    int colon = line.indexOf(": ");
                    lines.set(i, colon < 0 ? line + " " + value : line.substring(0, colon + 2) + value);
                }
                case "duplicate" -> lines.add(i + 1, line);
                case "cut" -> {
                    String whole = String.join("\n", lines);
                    return whole.substring(0, (int) (where * whole.length()));
                }
                case "flip" -> {
                    int at = (int) (where * 997) % Math.max(1, line.length());
                    char flipped = (char) (line.isEmpty() ? 'x' : line.charAt(at) ^ (1 + value.length() % 31));
                    lines.set(i, line.isEmpty() ? "x" : line.substring(0, at) + flipped + line.substring(at + 1));
                }
                default -> lines.add(i, value);
            }
            return String.join("\n", lines) + "\n";
        }
    }

    @Provide
    Arbitrary<Mutation> mutations() {
        return Combinators.combine(Arbitraries.of("value", "value", "value", "duplicate", "cut", "flip", "insert"),
                Arbitraries.doubles().between(0, 0.999).ofScale(3), values()).as(Mutation::new);
    }

    @Property(tries = TRIES, seed = "19101")
    void mutatedJobFiles(@ForAll("mutations") Mutation mutation) {
        String text = mutation.apply();
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try {
                JobConfigLoader.parse(text, SOURCE, List.of());
                String line = LINES.get((int) (mutation.where() * LINES.size())).strip();
                assertTrue(!mutation.kind().equals("duplicate") || line.isEmpty() || line.startsWith("- "),
                        "a key given twice was accepted:\n" + text);
            } catch (ConfigException e) {
                assertEquals(1, e.getMessage().lines().count(), "one line: " + e.getMessage());
                assertTrue(e.getMessage().startsWith(SOURCE + ": ") || !e.key().isBlank()
                        && e.getMessage().startsWith(e.key() + ": "), "names the file or a key: " + e.getMessage());
            } catch (Exception e) {
                fail("not a ConfigException for:\n" + text + "\n" + e, e);
            }
        });
    }

    @Property(tries = 100, seed = "19102")
    void mutatedOverrides(@ForAll("values") String value, @ForAll("keys") String key) {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try {
                JobConfigLoader.parse(VALID, SOURCE, List.of(key + "=" + value));
            } catch (ConfigException e) {
                assertEquals(1, e.getMessage().lines().count(), "one line: " + e.getMessage());
            } catch (Exception e) {
                fail("not a ConfigException for --set " + key + "=" + value + ": " + e, e);
            }
        });
    }

    @Provide
    Arbitrary<String> keys() {
        return Arbitraries.of("fit.epochs", "fit.batch_size", "model.input", "model.layers[0].units",
                "model.layers[1]", "compile.optimizer", "compile.optimizer.learning_rate", "data.train",
                "data.scale", "spark.workers", "output", "name", "compile.metrics[0]");
    }
}
