package org.aoissl.cli;

import java.io.PrintWriter;
import org.aoissl.train.StepLog;
import org.aoissl.train.TrainListener;

/** A training loop's progress bar (step, loss, lr, images/s, ETA) and its warnings on stderr. */
final class TrainProgress implements TrainListener, AutoCloseable {
  private final String task;
  private final PrintWriter err;
  private Progress bar;

  TrainProgress(String task, PrintWriter err) {
    this.task = task;
    this.err = err;
  }

  @Override
  public void onStart(long firstStep, long totalSteps) {
    bar = Progress.start(task, totalSteps, firstStep);
  }

  @Override
  public void onStep(StepLog s) {
    Double rank = s.diagnostics().get("rankMe");
    bar.extra(String.format("loss %.4f lr %.1e %.1f img/s", s.loss(), s.lr(), s.imagesPerSec())
        + (rank == null ? "" : String.format(" rank %.1f", rank)));
    bar.step();
  }

  @Override
  public void onTotalSteps(long totalSteps) {
    if (bar != null) {
      bar.total(totalSteps);
    }
  }

  @Override
  public void onWarning(long step, String message) {
    err.printf("%nwarning: step %d: %s%n", step, message);
    err.flush();
  }

  /** The bar, for tests. */
  Progress bar() {
    return bar;
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
