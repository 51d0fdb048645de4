package org.aoissl.cli;

import java.io.PrintWriter;
import org.aoissl.experiment.Experiment;
import org.aoissl.train.TrainListener;

/** An experiment's stages as lines on stderr, each training run with its own progress bar. */
final class ConsoleListener implements Experiment.Listener, AutoCloseable {
  private final PrintWriter err;
  private final long t0 = System.nanoTime();
  private TrainProgress current;

  ConsoleListener(PrintWriter err) {
    this.err = err;
  }

  @Override
  public void stage(String name) {
    close();
    err.printf("[%5.0f s] %s%n", (System.nanoTime() - t0) / 1e9, name);
    err.flush();
  }

  @Override
  public TrainListener training(String task) {
    close();
    current = new TrainProgress(task, err);
    return current;
  }

  /** Ends the last progress bar. */
  @Override
  public void close() {
    if (current != null) {
      current.close();
      current = null;
    }
  }
}
