package org.aoissl.synth;

import java.util.Locale;

/**
 * How the die looks against the leadframe in bright-field: the two recipes AOI lines commonly run.
 */
public enum DieLook {
  /** A dark die on a bright leadframe (passivated silicon under coaxial light). */
  DARK_DIE(0.45, 1.12),
  /** A bright die, brighter than a slightly dimmed leadframe. */
  BRIGHT_DIE(1.8, 0.85);

  final double dieGain;
  final double metalGain;

  DieLook(double dieGain, double metalGain) {
    this.dieGain = dieGain;
    this.metalGain = metalGain;
  }

  /** The command-line name: {@code dark-die} or {@code bright-die}. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Parses {@code dark-die} or {@code bright-die}. */
  public static DieLook parse(String name) {
    for (DieLook l : values()) {
      if (l.cliName().equals(name)) {
        return l;
      }
    }
    throw new IllegalArgumentException("appearance must be dark-die or bright-die; got " + name);
  }
}
