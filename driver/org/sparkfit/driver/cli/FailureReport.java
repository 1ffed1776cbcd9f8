package org.sparkfit.driver.cli;

import java.io.PrintWriter;
import org.sparkfit.datasets.DataFormatException;
import org.sparkfit.driver.UserInputException;
import picocli.CommandLine;

/**
 * Turns any exception out of a command into one line on stderr and an exit code: the user's own mistakes (also
 * when they surface inside a failed Spark task) give 2, everything else 1; the stack trace only with --verbose.
 */
final class FailureReport implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        Throwable user = userCause(e);
        String message = user != null ? user.getMessage() : MemoryFailure.explain(e)
                .or(() -> BackendFailure.explain(e)).orElseGet(() -> describe(e));
        err.println("sparkfit: error: " + message.lines().findFirst().orElse(message));
        if (SparkfitCommand.verbose(parsed)) {
            e.printStackTrace(err);
        } else if (user == null) {
            err.println("sparkfit: rerun with --verbose for the stack trace");
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

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName()
                : root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
