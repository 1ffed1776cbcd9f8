package org.sparkfit.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a launched JVM that died of a fatal error (exit 134 when it dumps core, as by default) left: HotSpot prints the error's header, the signal and
 * the problematic frame, on its standard output, not its standard error, and the native and Java stacks to an
 * {@code hs_err} file in its working directory, which a test's temporary directory takes with it. A test that
 * checks a launcher's exit puts this in its message, on one line, so a crash in CI says where it happened.
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
        List<String> lines = Files.readAllLines(stdout);
        int start = lines.indexOf("# A fatal error has been detected by the Java Runtime Environment:");
        if (start < 0) {
            return "";
        }
        List<String> report = new ArrayList<>();
        Path errorFile = null;
        for (String line : lines.subList(start + 1, lines.size())) {
            String text = line.replaceFirst("^#\\s*", "").strip();
            if (text.startsWith("If you would like to submit a bug report")) {
                break;
            } else if (text.startsWith("/") && text.contains("hs_err_pid")) {
                errorFile = Path.of(text);
            } else if (!text.isEmpty() && !line.startsWith("[")) {
                report.add(text);
            }
        }
        if (errorFile != null && Files.isReadable(errorFile)) {
            report.addAll(stacks(Files.readAllLines(errorFile)));
        }
        return String.join(" | ", report);
    }

    /** The first lines of the native frames and of the Java frames of an {@code hs_err} file. */
    private static List<String> stacks(List<String> errorFile) {
        List<String> top = new ArrayList<>();
        for (String heading : List.of("Native frames:", "Java frames:")) {
            int at = -1;
            for (int i = 0; i < errorFile.size() && at < 0; i++) {
                at = errorFile.get(i).startsWith(heading) ? i : -1;
            }
            for (int i = at; at >= 0 && i < Math.min(errorFile.size(), at + STACK_LINES); i++) {
                if (!errorFile.get(i).isBlank()) {
                    top.add(errorFile.get(i).strip());
                }
            }
        }
        return top;
    }
}
