package org.aoissl.spark;

import java.io.PrintWriter;
import org.aoissl.io.BadInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the Spark job jar ({@code spark-submit --class org.aoissl.spark.SparkMain}) and of
 * {@code aoissl spark ...} and {@code aoissl bank build --features ...}. Errors are reported as the
 * command line does: bad input is one line and exit code 2.
 */
@Command(name = "aoissl spark", mixinStandardHelpOptions = true,
    description = "Batch segment and embed on Apache Spark; a bank from Spark features.",
    subcommands = {SparkSegmentCommand.class, SparkEmbedCommand.class, FeatureBankCommand.Group.class,
        CommandLine.HelpCommand.class})
public final class SparkMain implements Runnable {
  /** Exit code for unusable input (bad file, bad option). */
  public static final int BAD_INPUT = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /** Runs a command with its console output going to {@code out} and {@code err}; returns the exit code. */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    System.setProperty("ai.djl.offline", "true");
    CommandLine cl = new CommandLine(new SparkMain());
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler(SparkMain::handle);
    cl.setParameterExceptionHandler((e, a) -> {
      e.getCommandLine().getErr().println("error: " + e.getMessage().strip() + " (see '"
          + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
      e.getCommandLine().getErr().flush();
      return BAD_INPUT;
    });
    return cl.execute(args);
  }

  private static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
    PrintWriter err = cl.getErr();
    String fault = BadInputException.userFault(e);
    if (fault != null) {
      err.println("error: " + fault);
      err.flush();
      return BAD_INPUT;
    }
    err.println("error: " + e);
    e.printStackTrace(err);
    err.flush();
    return 1;
  }
}
