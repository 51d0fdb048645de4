package org.aoissl.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A console progress bar on stderr for long loops; silent when there is nothing to show. */
final class Progress implements AutoCloseable {
  private final ProgressBar bar;

  private Progress(ProgressBar bar) {
    this.bar = bar;
  }

  static Progress start(String task, long total) {
    return start(task, total, 0);
  }

  /**
   * A bar that starts at {@code done} of {@code total} (a resumed run): its speed and ETA count only the
   * work done from here, not the steps of the earlier run.
   */
  static Progress start(String task, long total, long done) {
    ProgressBar bar = total <= 0 ? null : new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(total)
        .startsFrom(done, java.time.Duration.ZERO)
        .setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(250)
        .showSpeed()
        .build();
    return new Progress(bar);
  }

  /** Items done so far, and where this bar started; -1 for a silent bar. */
  long current() {
    return bar == null ? -1 : bar.getCurrent();
  }

  long start() {
    return bar == null ? -1 : bar.getStart();
  }

  void step() {
    if (bar != null) {
      bar.step();
    }
  }

  /** A new total, for work whose size became known while it ran. */
  void total(long total) {
    if (bar != null) {
      bar.maxHint(total);
    }
  }

  void extra(String message) {
    if (bar != null) {
      bar.setExtraMessage(message);
    }
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
