package org.aoissl.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code aoissl bench ...}: performance measurements recorded in {@code bench/RESULTS.md}. */
@Command(
    name = "bench",
    description = "Measure performance on this machine (results as markdown for bench/RESULTS.md).",
    mixinStandardHelpOptions = true,
    subcommands = {BenchTrainCommand.class, BenchUNetCommand.class, BenchSegmentCommand.class,
        BenchRetrievalCommand.class, BenchServeCommand.class})
public final class BenchCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
