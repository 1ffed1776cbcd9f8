package org.sparkfit.driver.cli;

/**
 * sparkfit's exit codes: 0 success, 2 bad input or configuration (fix and rerun), 1 anything else, and for
 * {@code retrain} 3: trained, but the current model was kept.
 */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int BAD_INPUT = 2;
    public static final int KEPT = 3;

    private ExitCodes() {
    }
}
