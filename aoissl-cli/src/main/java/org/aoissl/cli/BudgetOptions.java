package org.aoissl.cli;

import picocli.CommandLine.Option;

/** A training run's budget: exactly one of --epochs, --steps, --minutes (a picocli argument group). */
final class BudgetOptions {
  @Option(names = "--epochs", description = "Passes over the data.")
  Integer epochs;

  @Option(names = "--steps", description = "Optimizer steps.")
  Long steps;

  @Option(names = "--minutes", description = "Wall-clock minutes (the schedule is fitted to the budget).")
  Double minutes;

  int epochs() {
    return epochs == null ? 0 : epochs;
  }

  long steps() {
    return steps == null ? 0 : steps;
  }

  double minutes() {
    return minutes == null ? 0 : minutes;
  }

  /** "5.0 min", "300 steps" or "10 epochs". */
  /** The time a run took, and of which budget when it had a time budget and did not resume. */
  static String used(double seconds, double minutes, boolean resumed) {
    return minutes > 0 && !resumed
        ? String.format(java.util.Locale.ROOT, "%.0f s of a %.0f s budget", seconds, minutes * 60)
        : String.format(java.util.Locale.ROOT, "%.0f s", seconds);
  }

  String describe() {
    return minutes != null ? minutes + " min" : steps != null ? steps + " steps" : epochs + " epochs";
  }
}
