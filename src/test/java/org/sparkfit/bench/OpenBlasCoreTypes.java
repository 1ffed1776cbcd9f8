package org.sparkfit.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The sgemm rate of ND4J's bundled OpenBLAS on this machine for each kernel choice: left to OpenBLAS, and forced to
 * Haswell (AVX2) and SkylakeX (AVX-512) through {@code OPENBLAS_CORETYPE}, which OpenBLAS reads only when it loads,
 * hence one child JVM ({@link SgemmLimit#main}) per choice. Backs the advice of scripts/native-env.sh and the
 * executors' warning with a measurement. Run by {@code scripts/bench} after the epoch table.
 */
public final class OpenBlasCoreTypes {
    private static final List<String> CHOICES = List.of("", "Haswell", "SKYLAKEX");

    private OpenBlasCoreTypes() {
    }

    public static void main(String[] args) throws Exception {
        String conf = args.length > 0 ? args[0] : "conf/fashion-mnist-mlp.yaml";
        System.out.printf(Locale.ROOT, "%nND4J's OpenBLAS by OPENBLAS_CORETYPE (%s's matrix products, 1 thread)%n", conf);
        System.out.printf(Locale.ROOT, "%-26s %10s %18s%n", "OPENBLAS_CORETYPE", "GFLOP/s", "sgemm s/epoch");
        for (String choice : CHOICES) {
            String[] result = measure(conf, choice);
            System.out.printf(Locale.ROOT, "%-26s %10s %18s%n", choice.isEmpty() ? "(unset: OpenBLAS picks)" : choice,
                    result[0], result[1]);
        }
    }

    private static String[] measure(String conf, String choice) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), SgemmLimit.class.getName(), conf, "1"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        if (choice.isEmpty()) {
            pb.environment().remove("OPENBLAS_CORETYPE");
        } else {
            pb.environment().put("OPENBLAS_CORETYPE", choice);
        }
        Process process = pb.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (process.waitFor() != 0 || out.isEmpty()) {
            return new String[] {"failed", "-"};
        }
        String[] lastLine = out.lines().reduce((a, b) -> b).orElseThrow().split(" ");
        return Arrays.copyOf(lastLine, 2);
    }
}
