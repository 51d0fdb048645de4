package org.aoissl.train;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BudgetFitTest {
  private static final long S = 1_000_000_000L;

  @Test
  void fitsOnceFromTheMedianOfTheWarmSteps() {
    long deadline = 1000 * S;
    BudgetFit fit = BudgetFit.of(true, false, deadline, 0.1);
    // 5 cold steps of 2 s are skipped; the 15 measured are 7 × 1.0, 1.1, 6 × 1.2 and one 9 s pause.
    double[] measured = {1.0, 1.2, 1.0, 1.2, 9.0, 1.0, 1.2, 1.1, 1.0, 1.2, 1.0, 1.2, 1.0, 1.2, 1.0};
    for (int step = 1; step <= 5; step++) {
      assertThat(fit.afterStep(step, 2.0, 0, false)).isEqualTo(-1);
    }
    for (int i = 0; i < 14; i++) {
      assertThat(fit.afterStep(6 + i, measured[i], 0, false)).isEqualTo(-1);
    }
    // 100 s left; median 1.1 s, with 5 % spare 1.155 s: floor(100 / 1.155) = 86 more steps.
    assertThat(fit.afterStep(20, measured[14], deadline - 100 * S, false)).isEqualTo(20 + 86);
    assertThat(fit.afterStep(21, 1.0, deadline - 99 * S, true)).as("only once").isEqualTo(-1);
  }

  @Test
  void aCheckpointOrTheEndForcesTheFitWithWhatIsMeasured() {
    long deadline = 1000 * S;
    BudgetFit early = BudgetFit.of(true, false, deadline, 0.1);
    early.afterStep(1, 4.0, 0, false);
    // No warm step measured yet: the fastest cold step (4 s) stands in; floor(50 s / 4.2 s) = 11 more steps.
    assertThat(early.afterStep(2, 6.0, deadline - 50 * S, true)).isEqualTo(2 + 11);

    BudgetFit some = BudgetFit.of(true, false, deadline, 0.1);
    for (int step = 1; step <= 5; step++) {
      some.afterStep(step, 3.0, 0, false);
    }
    some.afterStep(6, 1.0, 0, false);
    some.afterStep(7, 2.0, 0, false);
    // Steps 6–8 measured 1, 2 and 3 s: median 2 s, 2.1 s with the spare; floor(22 / 2.1) = 10 more steps.
    assertThat(some.afterStep(8, 3.0, deadline - 22 * S, true)).isEqualTo(8 + 10);

    BudgetFit late = BudgetFit.of(true, false, deadline, 0.1);
    assertThat(late.afterStep(1, 1.0, deadline + S, true)).as("past the deadline: stop here").isEqualTo(1);

    BudgetFit instant = BudgetFit.of(true, false, deadline, 0.1);
    assertThat(instant.afterStep(1, 0.0, 0, true)).as("a 0 s step does not overflow").isPositive();
  }

  @Test
  void resumedRunsAndFixedBudgetsKeepTheirLength() {
    BudgetFit resumed = BudgetFit.of(true, true, 100 * S, 0.1);
    BudgetFit steps = BudgetFit.of(false, false, Long.MAX_VALUE, 0.1);
    for (int step = 1; step <= 30; step++) {
      assertThat(resumed.afterStep(step, 1.0, 0, step == 30)).isEqualTo(-1);
      assertThat(steps.afterStep(step, 1.0, 0, step == 30)).isEqualTo(-1);
    }
  }

  @Test
  void theFittedScheduleKeepsRatesAndWarmupFraction() {
    long deadline = 1000 * S;
    BudgetFit fit = BudgetFit.of(true, false, deadline, 0.1);
    LrSchedule planned = LrSchedule.of(1e-3, 1e-6, 0.1, 40);
    for (int step = 1; step < 20; step++) {
      assertThat(fit.fitted(planned, step, 1.0, 0, false)).isNull();
    }
    // Median 1 s, 1.05 s with the spare: floor(105.5 / 1.05) = 100 more steps, 120 in all, 12 of warm-up.
    LrSchedule fitted = fit.fitted(planned, 20, 1.0, deadline - 105_500_000_000L, false);
    assertThat(fitted).isEqualTo(new LrSchedule(1e-3, 1e-6, 12, 120));

    BudgetFit atTheEnd = BudgetFit.of(true, false, deadline, 0.1);
    LrSchedule tiny = LrSchedule.of(1e-3, 1e-6, 0.1, 3);
    assertThat(atTheEnd.fitted(tiny, 1, 1.0, 0, false)).isNull();
    assertThat(atTheEnd.fitted(tiny, 2, 1.0, 0, false)).isNull();
    assertThat(atTheEnd.fitted(tiny, 3, 1.0, deadline - 10_600_000_000L, false))
        .as("the planned end is reached before the measurements: fit there")
        .isEqualTo(new LrSchedule(1e-3, 1e-6, 1, 13));
  }

  /** Steps 1–5 of 2 s and 6–20 of 1 s from time 0: the first fit at step 20 (t = 20 s). */
  private static BudgetFit firstFitted(long deadline) {
    BudgetFit fit = BudgetFit.of(true, false, 0, deadline, 0.1);
    long t = 0;
    for (int step = 1; step <= 20; step++) {
      double sec = step <= 5 ? 2.0 : 1.0;
      t += (long) (sec * S);
      long total = fit.afterStep(step, sec, step <= 5 ? 10 * S : 20 * S, false);
      if (step == 20) {
        // 380 s left at 1.05 s per step: 361 more.
        assertThat(total).isEqualTo(20 + 361);
      }
    }
    return fit;
  }

  @Test
  void refitsAtAQuarterOfTheBudgetWhenTheStepsGotFaster() {
    BudgetFit fit = firstFitted(400 * S);
    // Steps of 0.5 s from t = 20 s: step 20 + k ends at 20 + k/2 s; a quarter of 400 s is reached at k = 160.
    for (int k = 1; k < 160; k++) {
      assertThat(fit.afterStep(20 + k, 0.5, 20 * S + k * S / 2, false)).as("step %d", 20 + k).isEqualTo(-1);
    }
    // 300 s left at 0.525 s per step: floor(571.4) = 571 more.
    assertThat(fit.afterStep(180, 0.5, 100 * S, false)).isEqualTo(180 + 571);
    assertThat(fit.afterStep(181, 0.1, 101 * S, true)).as("only once more").isEqualTo(-1);
    assertThat(fit.fits()).isEqualTo(2);
  }

  @Test
  void stepsThatSpeedUpLaterAreCaughtAtHalfTheBudget() {
    BudgetFit fit = firstFitted(400 * S);
    // 1 s steps until t = 120 s (the quarter passes without a change), then 0.5 s steps.
    for (int k = 1; k <= 100; k++) {
      assertThat(fit.afterStep(20 + k, 1.0, 20 * S + k * S, false)).isEqualTo(-1);
    }
    for (int k = 1; k < 160; k++) {
      assertThat(fit.afterStep(120 + k, 0.5, 120 * S + k * S / 2, false)).isEqualTo(-1);
    }
    // Half the budget at step 280 (t = 200 s): 180 steps in the 100 s since the quarter, 0.556 s each (the
    // 1 s steps up to t = 120 s included), 0.583 s with the spare: floor(200 / 0.583) = 342 more.
    assertThat(fit.afterStep(280, 0.5, 200 * S, false)).isEqualTo(280 + 342);
    assertThat(fit.afterStep(281, 0.25, 300 * S, false)).as("no refit after half the budget").isEqualTo(-1);
  }

  @Test
  void pausesBetweenStepsCountInTheRefit() {
    BudgetFit fit = firstFitted(400 * S);
    // Steps report 0.5 s but the clock advances 1.2 s per step (a pause after each): the refit at the
    // quarter (t = 100 s, step 86) sees 80 s over 66 steps, 1.21 s, and shortens the schedule to fill the
    // 300 s left: floor(300 / (1.2121 · 1.05)) = 235 more.
    long total = -1;
    for (int k = 1; k <= 66; k++) {
      total = fit.afterStep(20 + k, 0.5, 20 * S + (k == 66 ? 80 * S : k * 1_200_000_000L), false);
    }
    assertThat(total).isEqualTo(86 + 235);
  }

  @Test
  void aRateWithinTwentyPercentKeepsTheFirstFit() {
    BudgetFit fit = firstFitted(400 * S);
    for (int k = 1; k <= 250; k++) {
      assertThat(fit.afterStep(20 + k, 0.85, 20 * S + k * 850_000_000L, false)).isEqualTo(-1);
    }
    assertThat(fit.fits()).isEqualTo(1);
  }

  @Test
  void aCheckpointBeforeTheQuarterDecidesTheRefitAndTheEndNeverRefits() {
    BudgetFit fit = firstFitted(400 * S);
    for (int k = 1; k < 12; k++) {
      fit.afterStep(20 + k, 0.5, 20 * S + k * S / 2, false);
    }
    // A checkpoint at step 32 (t = 26 s): 12 steps of 0.5 s measured, 374 s left: floor(374 / 0.525) = 712.
    assertThat(fit.afterStep(32, 0.5, 26 * S, true)).isEqualTo(32 + 712);
    assertThat(fit.afterStep(33, 0.5, 200 * S, false)).isEqualTo(-1);

    BudgetFit ending = firstFitted(400 * S);
    for (int k = 1; k < 12; k++) {
      ending.afterStep(20 + k, 0.5, 20 * S + k * S / 2, false);
    }
    assertThat(ending.afterStep(32, 0.5, 26 * S, true, true)).as("the planned end: no new cosine").isEqualTo(-1);

    BudgetFit forced = BudgetFit.of(true, false, 0, 400 * S, 0.1);
    forced.afterStep(1, 1.0, S, true); // a checkpoint forced the first fit: every later one must keep it
    for (int k = 2; k < 200; k++) {
      assertThat(forced.afterStep(k, 0.2, 100 * S + k * S, k % 50 == 0)).isEqualTo(-1);
    }
  }
}
