package org.sparkfit.driver;

/**
 * A problem the user can fix in their own input (job file, data, command line, an existing output): reported as
 * one line and exit code 2, with nothing written.
 */
public class UserInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UserInputException(String message) {
        super(message);
    }

    public UserInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
