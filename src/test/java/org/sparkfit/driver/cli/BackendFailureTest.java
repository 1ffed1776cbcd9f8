package org.sparkfit.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4jBackend;

/**
 * ND4J failing to start its backend becomes one line. It surfaces as the error around ND4J's class initialisation
 * (what the -Pcuda jar does on a machine without the NVIDIA driver, seen by hand: libcuda.so.1 not found).
 */
class BackendFailureTest {

    @Test
    void aBackendThatCannotStartIsOneLineNamingTheBuild() {
        Throwable failure = new ExceptionInInitializerError(new RuntimeException(
                new Nd4jBackend.NoAvailableBackendException("Please ensure that you have an nd4j backend")));
        Optional<String> line = BackendFailure.explain(failure);
        assertTrue(line.orElseThrow().startsWith("ND4J's CPU backend could not start ("), line.toString());
    }

    @Test
    void otherFailuresAreLeftAloneAndALinkErrorIsABackendFailure() {
        assertEquals(Optional.empty(), BackendFailure.explain(new IllegalStateException("other")));
        assertTrue(BackendFailure.explain(new UnsatisfiedLinkError("libcuda.so.1: cannot open shared object file"))
                .orElseThrow().contains("CPU backend"), "no JCublasBackend on the test classpath");
    }
}
