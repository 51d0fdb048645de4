package org.aoissl.train;

/**
 * Per-iteration linear warm-up followed by a half-cycle cosine decay to {@code minLr}, as MAE's
 * {@code util/lr_sched.py} does per fractional epoch. Pure: the rate at a step depends on nothing else,
 * so a resumed run continues on the same curve.
 */
public record LrSchedule(double baseLr, double minLr, long warmupSteps, long totalSteps) {
  public LrSchedule {
    if (!(baseLr > 0) || minLr < 0 || minLr > baseLr) {
      throw new IllegalArgumentException("need 0 <= minLr <= baseLr and baseLr > 0; got " + baseLr + ", " + minLr);
    }
    if (warmupSteps < 0 || totalSteps < 1 || warmupSteps > totalSteps) {
      throw new IllegalArgumentException(
          "need 0 <= warmupSteps <= totalSteps and totalSteps >= 1; got " + warmupSteps + ", " + totalSteps);
    }
  }

  /** MAE's scaling rule: lr = blr · batch / 256. */
  public static double scaledLr(double blr, int effectiveBatch) {
    return blr * effectiveBatch / 256.0;
  }

  /** A schedule of {@code total} steps whose warm-up is the floor of {@code warmupFraction} of them. */
  public static LrSchedule of(double baseLr, double minLr, double warmupFraction, long total) {
    return new LrSchedule(baseLr, minLr, (long) Math.floor(warmupFraction * total), total);
  }

  /** The learning rate of step {@code step} (0-based). */
  public double lr(long step) {
    if (step < warmupSteps) {
      return baseLr * step / warmupSteps;
    }
    long decay = totalSteps - warmupSteps;
    double t = decay == 0 ? 1 : Math.min(1.0, (double) (step - warmupSteps) / decay);
    return minLr + (baseLr - minLr) * 0.5 * (1 + Math.cos(Math.PI * t));
  }
}
