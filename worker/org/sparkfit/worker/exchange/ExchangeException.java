package org.sparkfit.worker.exchange;

/**
 * The exchange among a barrier stage's tasks broke: a peer died, did not connect, or fell silent past the timeout.
 * The task fails with it, so the stage fails and Spark retries all of its tasks from the stage's start.
 */
public class ExchangeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ExchangeException(String message, Throwable cause) {
        super(message, cause);
    }
}
