package org.sparkfit.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Spots the CPUs whose AVX-512 ND4J's bundled OpenBLAS (0.3.19) does not recognise: AMD's from Zen 4 on. Left to
 * itself on a Zen 5 machine it reached 40 GFLOP/s per thread where its SkylakeX kernels reach 135-150 (measured in
 * docs/BENCHMARKS.md). OpenBLAS reads {@code OPENBLAS_CORETYPE} when it loads, before any Java code of ours runs,
 * so the fix is the executor's environment; this says so where the environment lacks it.
 */
final class OpenBlasCoreType {
    private static final String VARIABLE = "OPENBLAS_CORETYPE";
    private static final Pattern AMD = Pattern.compile("(?m)^vendor_id\\s*:\\s*AuthenticAMD\\s*$");
    private static final Pattern AVX512 = Pattern.compile("(?m)^flags\\s*:.*\\bavx512f\\b");

    private OpenBlasCoreType() {
    }

    /** The advice for this machine, if it needs one. */
    static Optional<String> advice() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        try {
            return Files.isReadable(cpuinfo) ? advice(Files.readString(cpuinfo), System.getenv(VARIABLE))
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * @param cpuinfo  the text of {@code /proc/cpuinfo}
     * @param coreType the value of {@code OPENBLAS_CORETYPE} in this process's environment, or null
     */
    static Optional<String> advice(String cpuinfo, String coreType) {
        if (coreType != null && !coreType.isBlank() || !AMD.matcher(cpuinfo).find()
                || !AVX512.matcher(cpuinfo).find()) {
            return Optional.empty();
        }
        return Optional.of("this AMD CPU has AVX-512, which ND4J's bundled OpenBLAS 0.3.19 does not recognise, so "
                + "its matrix products may run at a third of their speed; set " + VARIABLE + "=SKYLAKEX in "
                + "the executors' environment (--conf spark.executorEnv." + VARIABLE + "=SKYLAKEX; scripts/sparkfit "
                + "sets it in local mode)");
    }
}
