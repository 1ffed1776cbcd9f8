package org.sparkfit.driver.cli;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.SparkUserAppException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code sparkfit} entry point, for {@code scripts/sparkfit} and {@code spark-submit} alike. */
@Command(name = "sparkfit", mixinStandardHelpOptions = true, version = "sparkfit 0.1.0",
        description = "Trains Keras-style networks data-parallel on Apache Spark.",
        subcommands = {TrainCommand.class, SummaryCommand.class, EvaluateCommand.class, PredictCommand.class,
                CompareCommand.class, RetrainCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Example:", "  sparkfit train conf/fashion-mnist-mlp.yaml --set fit.epochs=1",
                "", "Exit codes: 0 ok, 2 bad input or configuration, 1 any other failure;",
                "retrain: 3 trained but kept the current model."})
public final class SparkfitCommand {

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Print stack traces and Spark's own log (kept off the console otherwise).")
    boolean verbose;

    public static void main(String[] args) throws SparkUserAppException {
        ProcessExit.exit(run(args));
    }

    /** Runs the command line and returns its exit code. */
    public static int run(String... args) {
        CommandLine cmd = new CommandLine(new SparkfitCommand());
        cmd.setExecutionExceptionHandler(new FailureReport());
        cmd.setParameterExceptionHandler(SparkfitCommand::usageError);
        cmd.setExecutionStrategy(parsed -> {
            if (verbose(parsed)) {
                Configurator.setRootLevel(Level.INFO);
                Configurator.setLevel("org.sparkfit", Level.INFO);
            }
            try {
                return new CommandLine.RunLast().execute(parsed);
            } catch (LinkageError e) {
                // A library that cannot start (ND4J without its native backend): report it as any other failure.
                throw new CommandLine.ExecutionException(cmd, e.toString(), e);
            }
        });
        return cmd.execute(args);
    }

    /** A command line picocli cannot parse: one line naming the mistake and where the usage is, exit code 2. */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine at = e.getCommandLine();
        String message = e.getMessage().lines().findFirst().orElse("");
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
            message += "; did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?";
        }
        at.getErr().println("sparkfit: error: " + message + " (see " + at.getCommandSpec().qualifiedName()
                + " --help)");
        at.getErr().flush();
        return ExitCodes.BAD_INPUT;
    }

    /** Whether --verbose was given at any level of the command line (usage errors exit with picocli's 2). */
    static boolean verbose(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }
}
