package org.aoissl.train;

import java.util.Arrays;

/**
 * Fits a time budget's schedule length to the steps the run actually takes. The length planned before
 * step 0 comes from two trial passes made while the JIT and libtorch's allocator are still cold, which
 * are slower than the steady step (see RESULTS), so a budget would end its whole warm-up and cosine
 * early and leave the rest unused. After {@value #WARM_STEPS} steps are skipped and {@value
 * #MEASURED_STEPS} timed, the median step (with {@value #SPARE_PERCENT} % spare for checkpoints and
 * collector pauses) sets the length for the time that is left.
 *
 * <p>Steps can still speed up or slow down after that (the JIT finishing its work on the data pipeline, a
 * machine that was briefly busy; see RESULTS), so at a quarter and at half of the budget the run is fitted again when the average step
 * since the previous decision (wall clock over steps: pauses for logs, data and the collector included,
 * which a median would leave out and the deadline would then cut from the end of the cosine) differs
 * from the fitted step by more than {@value #REFIT_PERCENT} %. All fits happen no later than the run's first checkpoint (a checkpoint due earlier decides them), so
 * every checkpoint holds the final length and a resumed run (which never fits again) continues on the
 * same curve as an uninterrupted one. Reaching the planned end never refits (that would restart a
 * finished cosine). The deadline still stops a run whose steps slow down later.
 */
public final class BudgetFit {
  public static final int WARM_STEPS = 5;
  public static final int MEASURED_STEPS = 15;
  static final int SPARE_PERCENT = 5;
  /** A refit needs at least this many steps since the previous decision. */
  static final int MIN_RECENT_STEPS = 10;
  static final int REFIT_PERCENT = 20;
  /** When refits are decided, as fractions of the budget. */
  static final double[] REFIT_AT = {0.25, 0.5};

  private final long deadlineNanos;
  private final long[] refitAtNanos;
  private int nextRefit;
  private final double warmupFraction;
  private final double[] measured = new double[MEASURED_STEPS];
  private int count;
  private long intervalStartNanos;
  private long intervalStartSteps;
  private double fastest = Double.POSITIVE_INFINITY;
  private double fittedStep;
  private boolean pending;
  private boolean refitPending;
  private int fits;

  private BudgetFit(boolean active, long[] refitAtNanos, long deadlineNanos, double warmupFraction) {
    this.pending = active;
    this.refitAtNanos = refitAtNanos;
    this.deadlineNanos = deadlineNanos;
    this.warmupFraction = warmupFraction;
  }

  /**
   * A fit for a fresh run under a time budget that started at {@code startNanos}; resumed runs and step
   * or epoch budgets keep their length. The fitted schedule keeps the warm-up fraction.
   */
  public static BudgetFit of(boolean timeBudget, boolean resumed, long startNanos, long deadlineNanos,
      double warmupFraction) {
    long[] refitAt = new long[REFIT_AT.length];
    for (int i = 0; i < refitAt.length; i++) {
      refitAt[i] = startNanos + (long) (REFIT_AT[i] * (deadlineNanos - startNanos));
    }
    return new BudgetFit(timeBudget && !resumed, refitAt, deadlineNanos, warmupFraction);
  }

  /** As {@link #of(boolean, boolean, long, long, double)} with a refit decided at the first checkpoint only. */
  public static BudgetFit of(boolean timeBudget, boolean resumed, long deadlineNanos, double warmupFraction) {
    return new BudgetFit(timeBudget && !resumed, new long[] {Long.MAX_VALUE}, deadlineNanos, warmupFraction);
  }

  /** How many times the length was fitted so far. */
  public int fits() {
    return fits;
  }

  /**
   * Records one finished step of {@code schedule} and, when it is time, returns the fitted schedule;
   * otherwise {@code null}. It is time after the measured steps, or earlier when the loop is about to
   * write a checkpoint or stop ({@code saveOrStop}) or has reached the planned end.
   */
  public LrSchedule fitted(LrSchedule schedule, long stepsDone, double seconds, long nowNanos, boolean saveOrStop) {
    boolean atEnd = stepsDone >= schedule.totalSteps();
    long total = afterStep(stepsDone, seconds, nowNanos, saveOrStop || atEnd, atEnd);
    return total < 0 ? null : LrSchedule.of(schedule.baseLr(), schedule.minLr(), warmupFraction, total);
  }

  long afterStep(long stepsDone, double seconds, long nowNanos, boolean mustDecide) {
    return afterStep(stepsDone, seconds, nowNanos, mustDecide, false);
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
   * @param atEnd the planned schedule ends with this step
   */
  long afterStep(long stepsDone, double seconds, long nowNanos, boolean mustDecide, boolean atEnd) {
    if (!pending) {
      return refitPending ? refit(stepsDone, seconds, nowNanos, mustDecide, atEnd) : -1;
    }
    fastest = Math.min(fastest, seconds);
    if (stepsDone > WARM_STEPS && count < MEASURED_STEPS) {
      measured[count++] = seconds;
    }
    if (count < MEASURED_STEPS && !mustDecide) {
      return -1;
    }
    pending = false;
    refitPending = !mustDecide;
    // With no warm step measured yet (a first checkpoint after a few slow steps) the fastest cold one
    // stands in: still pessimistic, but the deadline guards the other side.
    fittedStep = Math.max(1e-6, count == 0 ? fastest : median(Arrays.copyOf(measured, count)));
    intervalStartNanos = nowNanos;
    intervalStartSteps = stepsDone;
    return length(stepsDone, fittedStep, nowNanos);
  }

  private long refit(long stepsDone, double seconds, long nowNanos, boolean mustDecide, boolean atEnd) {
    if (!mustDecide && nowNanos < refitAtNanos[nextRefit]) {
      return -1;
    }
    // A checkpoint or the planned end decides for good; a time point passes on to the next one.
    while (nextRefit < refitAtNanos.length && nowNanos >= refitAtNanos[nextRefit]) {
      nextRefit++;
    }
    refitPending = !mustDecide && nextRefit < refitAtNanos.length;
    long steps = stepsDone - intervalStartSteps;
    if (atEnd || steps < MIN_RECENT_STEPS) {
      return -1;
    }
    double step = Math.max(1e-6, (nowNanos - intervalStartNanos) / 1e9 / steps);
    intervalStartNanos = nowNanos;
    intervalStartSteps = stepsDone;
    if (Math.abs(step / fittedStep - 1) * 100 <= REFIT_PERCENT) {
      return -1;
    }
    fittedStep = step;
    return length(stepsDone, step, nowNanos);
  }

  /** The schedule length that fills the time left with steps of {@code step} seconds (plus the spare). */
  private long length(long stepsDone, double step, long nowNanos) {
    fits++;
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
