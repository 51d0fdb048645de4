package org.aoissl.pretrain;

/**
 * Where an optimizer step stands in the run, for schedules that depend on it.
 *
 * @param step 0-based index of the step
 * @param totalSteps the schedule's length
 * @param epoch fractional epochs completed before the step
 * @param diagnose whether to compute collapse diagnostics in this step
 */
public record StepInfo(long step, long totalSteps, double epoch, boolean diagnose) {
  public StepInfo {
    if (step < 0 || totalSteps < 1 || epoch < 0) {
      throw new IllegalArgumentException("need step >= 0, totalSteps >= 1, epoch >= 0; got " + step + ", "
          + totalSteps + ", " + epoch);
    }
  }

  /** The whole epochs completed: the epoch index the references' per-epoch schedules use. */
  public int epochIndex() {
    return (int) Math.floor(epoch);
  }
}
