package org.sparkfit.driver.cli;

import java.io.PrintWriter;
import org.sparkfit.datasets.DataFormatException;
import org.sparkfit.driver.ExplainedFailure;
import org.sparkfit.driver.UserInputException;
import picocli.CommandLine;

/**
 * Turns any exception out of a command into one line on stderr and an exit code: the user's own mistakes (also
 * when they surface inside a failed Spark task) give 2, everything else 1; the stack trace only with --verbose.
 * A failure sparkfit cannot explain names its root cause and points to --verbose on the same line.
 */
final class FailureReport implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        Throwable user = userCause(e);
        boolean verbose = SparkfitCommand.verbose(parsed);
        Throwable explained = explained(e);
        String message = user != null ? user.getMessage() : explained != null ? explained.getMessage()
                : MemoryFailure.explain(e)
                .or(() -> BackendFailure.explain(e)).orElseGet(() -> describe(e) + (verbose ? ""
                        : " (rerun with --verbose for the stack trace)"));
        err.println("sparkfit: error: " + message.lines().findFirst().orElse(message));
        if (verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return user != null ? ExitCodes.BAD_INPUT : ExitCodes.FAILURE;
    }

    /** The first user-input error in the cause chain, e.g. a bad record that failed a Spark task. */
    static Throwable userCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UserInputException || t instanceof DataFormatException) {
                return t;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static Throwable explained(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ExplainedFailure) {
                return t;
            }
        }
        return null;
    }

    /** The innermost message in the cause chain (the outer ones only wrap it), never a bare class name. */
    private static String describe(Throwable e) {
        String message = null;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage().strip();
            }
        }
        return message != null ? message : "sparkfit failed without a message; please report it";
    }
}
