package org.aoissl.cli;

import java.io.PrintWriter;
import org.aoissl.io.BadInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code aoissl} command: subcommands for data, synthetic data and (later) training and retrieval. */
@Command(
    name = "aoissl",
    mixinStandardHelpOptions = true,
    versionProvider = VersionCommand.class,
    description = "Self-supervised segmentation of wire-bonded semiconductor AOI images.",
    subcommands = {
      SynthCommand.class,
      DataCommand.class,
      PretrainCommand.class,
      ImportCommand.class,
      ReconstructCommand.class,
      EmbedCommand.class,
      BankCommand.class,
      SegmentCommand.class,
      ServeCommand.class,
      FinetuneCommand.class,
      PredictCommand.class,
      ExperimentCommand.class,
      DemoCommand.class,
      EvalCommand.class,
      BenchCommand.class,
      VersionCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  /** Exit code for unusable input (bad file, bad option). */
  public static final int BAD_INPUT = 2;

  @Option(names = "--verbose", description = "Show library log output (DJL, PyTorch).", scope = CommandLine.ScopeType.INHERIT)
  boolean verbose;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the CLI and returns its exit code. */
  public static int execute(String... args) {
    configureLogging(args);
    return commandLine().execute(args);
  }

  /** Runs the CLI with its console output captured; used by tests. */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    configureLogging(args);
    CommandLine cl = commandLine();
    cl.setOut(out);
    cl.setErr(err);
    return cl.execute(args);
  }

  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler(Main::handle);
    cl.setParameterExceptionHandler(Main::badParameter);
    cl.setUsageHelpAutoWidth(true);
    return cl;
  }

  /**
   * A bad option (unknown, missing, not a number) is bad input like any other: one line and exit
   * code 2, instead of picocli's message followed by the whole usage text.
   */
  private static int badParameter(CommandLine.ParameterException e, String[] args) {
    CommandLine cl = e.getCommandLine();
    PrintWriter err = cl.getErr();
    err.println("error: " + e.getMessage().strip() + " (see '" + cl.getCommandSpec().qualifiedName()
        + " --help')");
    err.flush();
    return BAD_INPUT;
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
    if (parsed.hasMatchedOption("--verbose")) {
      e.printStackTrace(err);
    } else {
      err.println("(run with --verbose for the stack trace)");
    }
    err.flush();
    return 1;
  }

  /** DJL and PyTorch log at INFO by default; keep the console for our own output unless asked. */
  private static void configureLogging(String[] args) {
    boolean verbose = false;
    for (String a : args) {
      verbose |= a.equals("--verbose");
    }
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : "warn");
    if (!verbose) {
      // On machines without a GPU, DJL warns about the CUDA driver at every start.
      System.setProperty("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error");
    }
    System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    System.setProperty("ai.djl.offline", "true");
  }
}
