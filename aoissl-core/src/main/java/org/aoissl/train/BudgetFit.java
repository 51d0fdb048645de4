package org.aoissl.train;

import java.util.Arrays;

/**
 * Fits a time budget's schedule length, once, to the steps the run actually takes. The length planned
 * before step 0 comes from two trial passes made while the JIT and libtorch's allocator are still cold;
 * on the 2-core VM they were 1.4–2.3× slower than the steady step, so a 10-minute budget ran its whole
 * warm-up and cosine in 5.6–8.1 minutes and left the rest unused. After {@value #WARM_STEPS} steps are skipped
 * and {@value #MEASURED_STEPS} timed, the median step (with {@value #SPARE_PERCENT} % spare for
 * checkpoints and collector pauses) sets the length for the time that is left.
 *
 * <p>The fit happens no later than the run's first checkpoint, so every checkpoint holds the final
 * length and a resumed run (which never fits again) continues on the same curve as an uninterrupted
 * one. The deadline still stops a run whose steps slow down later. The first 20 steps follow the
 * planned warm-up; at the fit the rate moves to the fitted curve, a small step within the warm-up.
 */
public final class BudgetFit {
  public static final int WARM_STEPS = 5;
  public static final int MEASURED_STEPS = 15;
  static final int SPARE_PERCENT = 5;

  private final long deadlineNanos;
  private final double warmupFraction;
  private final double[] measured = new double[MEASURED_STEPS];
  private int count;
  private double fastest = Double.POSITIVE_INFINITY;
  private boolean pending;

  private BudgetFit(boolean active, long deadlineNanos, double warmupFraction) {
    this.pending = active;
    this.deadlineNanos = deadlineNanos;
    this.warmupFraction = warmupFraction;
  }

  /**
   * A fit for a fresh run under a time budget; resumed runs and step or epoch budgets keep their length.
   * The fitted schedule keeps the warm-up fraction.
   */
  public static BudgetFit of(boolean timeBudget, boolean resumed, long deadlineNanos, double warmupFraction) {
    return new BudgetFit(timeBudget && !resumed, deadlineNanos, warmupFraction);
  }

  /**
   * Records one finished step of {@code schedule} and, when it is time, returns the fitted schedule;
   * otherwise {@code null}. It is time after the measured steps, or earlier when the loop is about to
   * write a checkpoint or stop ({@code saveOrStop}) or has reached the planned end.
   */
  public LrSchedule fitted(LrSchedule schedule, long stepsDone, double seconds, long nowNanos, boolean saveOrStop) {
    long total = afterStep(stepsDone, seconds, nowNanos, saveOrStop || stepsDone >= schedule.totalSteps());
    return total < 0 ? null : LrSchedule.of(schedule.baseLr(), schedule.minLr(), warmupFraction, total);
  }

  /**
   * Records one finished step and, when it is time, returns the fitted schedule length; otherwise
   * {@code -1}.
   *
   * @param stepsDone steps finished, this one included
   * @param seconds this step's wall-clock time
   * @param nowNanos {@link System#nanoTime()} at the end of the step
   * @param mustDecide the loop is about to write a checkpoint or end its schedule: fit now with what
   *     has been measured
   */
  long afterStep(long stepsDone, double seconds, long nowNanos, boolean mustDecide) {
    if (!pending) {
      return -1;
    }
    fastest = Math.min(fastest, seconds);
    if (stepsDone > WARM_STEPS && count < MEASURED_STEPS) {
      measured[count++] = seconds;
    }
    if (count < MEASURED_STEPS && !mustDecide) {
      return -1;
    }
    pending = false;
    // With no warm step measured yet (a first checkpoint after a few slow steps) the fastest cold one
    // stands in: still pessimistic, but the deadline guards the other side.
    double step = Math.max(1e-6, count == 0 ? fastest : median(Arrays.copyOf(measured, count)));
    double left = Math.max(0, (deadlineNanos - nowNanos) / 1e9);
    double more = Math.floor(left / (step * (1 + SPARE_PERCENT / 100.0)));
    return stepsDone + (long) Math.min(more, Integer.MAX_VALUE);
  }

  private static double median(double[] v) {
    Arrays.sort(v);
    int m = v.length / 2;
    return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
  }
}
