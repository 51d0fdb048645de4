package org.aoissl.pretrain.dino;

/**
 * DINO's schedules as pure functions of the step, so a resumed run continues on the same curves:
 * {@code utils.cosine_scheduler} without warm-up for the teacher momentum and the weight decay (per
 * iteration), and the per-epoch teacher temperature of {@code DINOLoss} (a {@code linspace} warm-up,
 * then constant).
 */
public final class DinoSchedules {
  private DinoSchedules() {}

  /** {@code end + (start − end)·(1 + cos(π·step/total))/2}: {@code start} at step 0, near {@code end} at the last. */
  public static double cosine(double start, double end, long step, long totalSteps) {
    if (totalSteps < 1 || step < 0) {
      throw new IllegalArgumentException("need step >= 0 and totalSteps >= 1; got " + step + ", " + totalSteps);
    }
    double t = Math.min(1.0, (double) step / totalSteps);
    return end + 0.5 * (start - end) * (1 + Math.cos(Math.PI * t));
  }

  /** Teacher EMA momentum: {@code momentumTeacher} → 1. */
  public static double momentum(DinoConfig c, long step, long totalSteps) {
    return cosine(c.momentumTeacher(), 1.0, step, totalSteps);
  }

  /** Weight decay: the run's value → {@code weightDecayEnd}. */
  public static double weightDecay(DinoConfig c, double start, long step, long totalSteps) {
    return cosine(start, c.weightDecayEnd(), step, totalSteps);
  }

  /** τ_t of an epoch. */
  public static double teacherTemp(DinoConfig c, int epoch) {
    return warmup(c.warmupTeacherTemp(), c.teacherTemp(), c.warmupTeacherEpochs(), epoch);
  }

  /**
   * {@code numpy.linspace(from, to, epochs)[epoch]} during the warm-up, {@code to} after it: the
   * warm-up's last epoch already uses {@code to}.
   */
  public static double warmup(double from, double to, int epochs, int epoch) {
    if (epoch < 0) {
      throw new IllegalArgumentException("epoch must be >= 0; got " + epoch);
    }
    if (epoch >= epochs) {
      return to;
    }
    return epochs == 1 ? from : from + (to - from) * epoch / (epochs - 1);
  }
}
