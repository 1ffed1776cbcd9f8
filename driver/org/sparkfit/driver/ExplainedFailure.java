package org.sparkfit.driver;

/**
 * A failure that is not the user's input but that sparkfit can explain in one line with what to do (a Spark master
 * that does not answer, a registry another retrain holds): reported as that line and exit code 1, which tells a
 * scheduler to try again later.
 */
public class ExplainedFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ExplainedFailure(String message) {
        super(message);
    }

    public ExplainedFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
