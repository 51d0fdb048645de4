package org.aoissl.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.aoissl.io.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loop itself, with step functions that do no tensor work. */
class TrainRunTest {
  @TempDir Path dir;

  private TrainRun run(Path ckpt, long start, double minutes) {
    return new TrainRun(new TrainRun.Settings(minutes, 0.1, 100, 4, "try a lower --lr"), ckpt, start,
        new TrainListener() {});
  }

  @Test
  void runsTheScheduleLogsEveryStepAndSavesAtTheEnd() throws IOException {
    Path ckpt = dir.resolve("a.ckpt");
    List<Long> saved = new ArrayList<>();
    List<Double> rates = new ArrayList<>();
    LrSchedule schedule = LrSchedule.of(1e-3, 0, 0.1, 10);
    TrainRun.Result r = run(ckpt, 0, 0).run(schedule, (s, lr, total) -> {
      rates.add(lr);
      return new TrainRun.Outcome(1.0 / (s + 1), 0.5, (s + 1) / 5.0);
    }, (steps, total) -> saved.add(steps));
    assertThat(r.steps()).isEqualTo(10);
    assertThat(r.stopReason()).isEqualTo("budget reached");
    assertThat(saved).containsExactly(10L);
    for (int s = 0; s < 10; s++) {
      assertThat(rates.get(s)).isEqualTo(schedule.lr(s));
    }
    List<StepLog> log = TrainLog.read(TrainRun.logFile(ckpt));
    assertThat(log).extracting(StepLog::step).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
    assertThat(log.get(3).loss()).isEqualTo(0.25);
    assertThat(log.get(4).epoch()).isEqualTo(1.0);
  }

  @Test
  void skipsUpToTwoNonFiniteGradientsInARowAndStopsAtTheThird() throws IOException {
    Path ckpt = dir.resolve("b.ckpt");
    // Steps 3 and 4 (1-based) have a bad gradient, then good ones: the run goes on.
    TrainRun.Result ok = run(ckpt, 0, 0).run(LrSchedule.of(1e-3, 0, 0, 8),
        (s, lr, total) -> new TrainRun.Outcome(1, s == 2 || s == 3 ? Double.NaN : 1, 0), (steps, total) -> {});
    assertThat(ok.steps()).isEqualTo(8);
    Files.delete(ckpt.resolveSibling("b.ckpt.log.jsonl"));
    // Three in a row stop it, naming the step and the hint.
    assertThatThrownBy(() -> run(ckpt, 0, 0).run(LrSchedule.of(1e-3, 0, 0, 8),
        (s, lr, total) -> new TrainRun.Outcome(1, s >= 4 ? Double.POSITIVE_INFINITY : 1, 0), (steps, total) -> {}))
        .isInstanceOf(NonFiniteLossException.class)
        .hasMessageContaining("3 steps in a row (last at step 7)")
        .hasMessageContaining("try a lower --lr");
  }

  @Test
  void aNonFiniteLossStopsBeforeTheUpdateAndNamesTheLastCheckpoint() {
    Path ckpt = dir.resolve("c.ckpt");
    TrainRun r = new TrainRun(new TrainRun.Settings(0, 0, 1e-9, 1, "try a lower --lr"), ckpt, 0,
        new TrainListener() {});
    List<Long> updates = new ArrayList<>();
    assertThatThrownBy(() -> r.run(LrSchedule.of(1e-3, 0, 0, 10), (s, lr, total) -> {
      r.checkLoss(s == 4 ? Double.NaN : 1.0, "");
      updates.add(s);
      return new TrainRun.Outcome(1, 1, 0);
    }, (steps, total) -> Files.writeString(ckpt, "step " + steps)))
        .isInstanceOf(NonFiniteLossException.class)
        .hasMessageContaining("loss is NaN at step 5")
        .hasMessageContaining(ckpt + " (step 4)");
    assertThat(updates).containsExactly(0L, 1L, 2L, 3L);
  }

  @Test
  void aResumedRunStartsAtItsStepAndCutsTheLogBack() throws IOException {
    Path ckpt = dir.resolve("d.ckpt");
    run(ckpt, 0, 0).run(LrSchedule.of(1e-3, 0, 0, 6), (s, lr, total) -> new TrainRun.Outcome(s, 1, 0),
        (steps, total) -> {});
    List<Long> seen = new ArrayList<>();
    TrainRun.Result r = run(ckpt, 3, 0).run(LrSchedule.of(1e-3, 0, 0, 6), (s, lr, total) -> {
      seen.add(s);
      return new TrainRun.Outcome(s, 1, 0);
    }, (steps, total) -> {});
    assertThat(seen).containsExactly(3L, 4L, 5L);
    assertThat(r.steps()).isEqualTo(6);
    assertThat(TrainLog.read(TrainRun.logFile(ckpt))).extracting(StepLog::step)
        .containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
  }

  @Test
  void aTimeBudgetEndsAtTheDeadlineWithACheckpoint() throws IOException {
    Path ckpt = dir.resolve("e.ckpt");
    List<Long> saved = new ArrayList<>();
    // 0.6 s of budget, 20 ms steps, a planned schedule far too long: the fit and the deadline end it.
    TrainRun.Result r = run(ckpt, 0, 0.01).run(LrSchedule.of(1e-3, 0, 0.1, 1_000_000), (s, lr, total) -> {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      return new TrainRun.Outcome(1, 1, 0);
    }, (steps, total) -> saved.add(steps));
    assertThat(r.totalSteps()).isLessThan(100);
    assertThat(r.steps()).isPositive().isLessThanOrEqualTo(r.totalSteps());
    assertThat(saved).isNotEmpty().last().isEqualTo(r.steps());
    assertThat(r.seconds()).isLessThan(0.6 + 2.0);
  }

  @Test
  void refusesAResumeWithoutACheckpointAndAnOverwrite() throws IOException {
    Path ckpt = dir.resolve("f.ckpt");
    assertThatThrownBy(() -> TrainRun.checkTarget(ckpt, true)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("--resume");
    assertThat(TrainRun.checkTarget(ckpt, false)).isFalse();
    Files.writeString(ckpt, "x");
    assertThatThrownBy(() -> TrainRun.checkTarget(ckpt, false)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("exists");
    assertThat(TrainRun.checkTarget(ckpt, true)).isTrue();
  }
}
