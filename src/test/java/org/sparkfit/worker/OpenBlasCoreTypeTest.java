package org.sparkfit.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class OpenBlasCoreTypeTest {
    private static final String ZEN5 = """
            processor\t: 0
            vendor_id\t: AuthenticAMD
            cpu family\t: 26
            flags\t\t: fpu sse sse2 avx avx2 fma avx512f avx512dq avx512bw avx512vl
            """;
    private static final String ZEN3 = ZEN5.replace(" avx512f avx512dq avx512bw avx512vl", "");
    private static final String SKYLAKE_X = ZEN5.replace("AuthenticAMD", "GenuineIntel");

    @Test
    void amdCpusWithAvx512GetTheCoreTypeAdviceUnlessItIsSet() {
        Optional<String> advice = OpenBlasCoreType.advice(ZEN5, null);
        assertTrue(advice.orElseThrow().contains("spark.executorEnv.OPENBLAS_CORETYPE=SKYLAKEX"), advice.get());
        assertEquals(Optional.empty(), OpenBlasCoreType.advice(ZEN5, "SKYLAKEX"));
        assertEquals(Optional.empty(), OpenBlasCoreType.advice(ZEN5, "HASWELL"));
    }

    @Test
    void cpusOpenBlasRecognisesGetNone() {
        assertEquals(Optional.empty(), OpenBlasCoreType.advice(ZEN3, null));
        assertEquals(Optional.empty(), OpenBlasCoreType.advice(SKYLAKE_X, null));
        assertEquals(Optional.empty(), OpenBlasCoreType.advice("", null));
    }
}
