package org.aoissl.cli;

import picocli.CommandLine.Command;

/** {@code aoissl bank ...}: memory banks of labeled patches for segmentation by retrieval. */
@Command(
    name = "bank",
    description = "Build, extend, tune and inspect memory banks (segmentation by patch retrieval).",
    mixinStandardHelpOptions = true,
    subcommands = {BankBuildCommand.class, BankAddCommand.class, BankTuneCommand.class, BankRefineCommand.class,
        BankInfoCommand.class})
public final class BankCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
