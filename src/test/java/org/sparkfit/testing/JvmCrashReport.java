package org.sparkfit.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a launched JVM that died of a fatal error (exit 134 when it dumps core, as by default) left: HotSpot prints
 * the error's header, the signal and the problematic frame, on its standard output, not its standard error, and the
 * native and Java stacks to an {@code hs_err} file in its working directory, which a test's temporary directory
 * takes with it. A test that checks a launcher's exit puts this in its message, on one line, so a crash in CI says
 * where it happened.
 */
public final class JvmCrashReport {
    private static final int STACK_LINES = 12;

    private JvmCrashReport() {
    }

    /**
     * The fatal-error header found in {@code stdout} and the top of the stacks of the {@code hs_err} file it names,
     * joined with " | "; empty when {@code stdout} holds no fatal-error header.
     */
    public static String of(Path stdout) throws IOException {
        List<String> lines = lines(stdout);
        int start = lines.indexOf("# A fatal error has been detected by the Java Runtime Environment:");
        if (start < 0) {
            return "";
        }
        List<String> report = new ArrayList<>();
        Path errorFile = null;
        for (String line : lines.subList(start + 1, lines.size())) {
            String text = line.startsWith("#") ? line.substring(1).strip() : "";
            if (text.isEmpty()) {
                continue;
            } else if (text.startsWith("If you would like to submit a bug report")) {
                break;
            } else if (text.startsWith("/") && text.contains("hs_err_pid")) {
                errorFile = Path.of(text);
            } else {
                report.add(text);
            }
        }
        if (errorFile != null && Files.isReadable(errorFile)) {
            report.addAll(stacks(lines(errorFile)));
        }
        return String.join(" | ", report);
    }

    /** The first lines of the native frames and of the Java frames of an {@code hs_err} file (each ends blank). */
    private static List<String> stacks(List<String> errorFile) {
        List<String> top = new ArrayList<>();
        for (String heading : List.of("Native frames:", "Java frames:")) {
            errorFile.stream().dropWhile(line -> !line.startsWith(heading)).takeWhile(line -> !line.isBlank())
                    .limit(STACK_LINES).map(String::strip).forEach(top::add);
        }
        return top;
    }

    /** The lines of {@code file}, bytes that are not UTF-8 replaced rather than failing the report. */
    private static List<String> lines(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
    }
}
