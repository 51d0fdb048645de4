package org.aoissl.train;

import java.nio.file.Path;

/** Told about a training run's progress; every method may be a no-op. */
public interface TrainListener {
  default void onStart(long firstStep, long totalSteps) {}

  default void onStep(StepLog log) {}

  default void onCheckpoint(Path file, long step) {}

  /** A time budget's schedule length, fitted to the measured steps early in the run. */
  default void onTotalSteps(long totalSteps) {}

  /** A warning from the step's diagnostics (e.g. a self-distillation collapse). */
  default void onWarning(long step, String message) {}
}
