package org.sparkfit.driver.cli;

import java.util.Optional;

/**
 * Recognises ND4J failing to start its backend, which surfaces as an {@link ExceptionInInitializerError} around
 * ND4J's "no backend" exception the first time an array is made. With the CUDA build (-Pcuda) that means the node
 * lacks the NVIDIA driver or CUDA/cuDNN libraries; with the CPU build, a broken jar or an unsupported platform.
 */
final class BackendFailure {
    static final String CUDA_BACKEND = "org.nd4j.linalg.jcublas.JCublasBackend";

    private BackendFailure() {
    }

    static Optional<String> explain(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getClass().getName().equals("org.nd4j.linalg.factory.Nd4jBackend$NoAvailableBackendException")
                    || t instanceof UnsatisfiedLinkError) {
                return Optional.of(cudaBuild()
                        ? "ND4J's CUDA backend could not start: this is the -Pcuda build, which needs the NVIDIA "
                        + "driver, CUDA 11.6 and cuDNN 8.3 on every node (see docs/CLUSTER.md); without GPUs use the "
                        + "CPU jar (mvn package without -Pcuda)"
                        : "ND4J's CPU backend could not start (" + t + "); sparkfit's jar supports linux-x86_64: "
                        + "rebuild it with mvn package on this platform's build of nd4j-native");
            }
        }
        return Optional.empty();
    }

    private static boolean cudaBuild() {
        try {
            Class.forName(CUDA_BACKEND, false, BackendFailure.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
