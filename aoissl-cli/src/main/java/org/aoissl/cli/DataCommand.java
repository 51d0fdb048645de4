package org.aoissl.cli;

import picocli.CommandLine.Command;

/** {@code aoissl data ...}: look at and validate datasets. */
@Command(
    name = "data",
    description = "Check datasets and compute channel statistics.",
    mixinStandardHelpOptions = true,
    subcommands = {DataCheckCommand.class, DataStatsCommand.class, DataConvertCommand.class})
public final class DataCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
