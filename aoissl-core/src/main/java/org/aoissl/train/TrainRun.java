package org.aoissl.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.DoubleSupplier;
import org.aoissl.io.BadInputException;

/**
 * The one training loop: it owns what every run shares — the learning-rate schedule and its fit to a
 * time budget, the deadline, the non-finite guards, the JSON-lines log, the listener, the checkpoint
 * cadence and the stop reason — and calls a {@link Step} for the model-specific work of one optimizer
 * step. Pre-training objectives, the ViT fine-tune and the U-Net are steps on it, so resume, budgets
 * and logs behave the same everywhere.
 *
 * <p>Exactness: the run never draws random numbers and never reorders work, so a step function that is
 * a pure function of (seed, step) resumes bit-identically from any checkpoint the run wrote.
 */
public final class TrainRun {
  /** Steps in a row with a non-finite gradient (each skipped by the optimizer) before the run stops. */
  public static final int MAX_BAD_GRADIENTS = 3;

  /**
   * What the loop needs to know of a run's configuration.
   *
   * @param minutes wall-clock budget, or 0 when the run has a step or epoch budget
   * @param warmupFraction the schedule's warm-up share (kept when a time budget is fitted)
   * @param saveEveryMinutes checkpoint interval (a checkpoint is also written at the end)
   * @param imagesPerStep images one optimizer step consumes, for the throughput figure
   * @param hint what to try after a non-finite loss or gradient (names the run's options)
   */
  public record Settings(double minutes, double warmupFraction, double saveEveryMinutes, int imagesPerStep,
      String hint) {}

  /** One optimizer step's result. */
  public record Outcome(double loss, double gradNorm, double epoch, Map<String, Double> diagnostics,
      String warning) {
    public Outcome(double loss, double gradNorm, double epoch) {
      this(loss, gradNorm, epoch, Map.of(), null);
    }
  }

  /** The model-specific work of one optimizer step (data, forward, backward, update). */
  public interface Step {
    /**
     * Runs step {@code step} (0-based) at learning rate {@code lr}; calls {@link TrainRun#checkLoss}
     * with each loss before its backward pass, so a non-finite value stops the run before an update.
     */
    Outcome run(long step, double lr, long totalSteps) throws IOException;
  }

  /** Writes the run's checkpoint after {@code steps} steps of a {@code totalSteps} schedule. */
  public interface Saver {
    void save(long steps, long totalSteps) throws IOException;
  }

  /** How a run ended. */
  public record Result(long steps, long totalSteps, double lastLoss, double imagesPerSec, double seconds,
      String stopReason) {}

  private final Settings settings;
  private final Path checkpoint;
  private final Path logFile;
  private final TrainListener listener;
  private long savedStep;
  private long currentStep;

  /**
   * @param startStep steps already done (0 for a new run, the checkpoint's step on resume)
   */
  public TrainRun(Settings settings, Path checkpoint, long startStep, TrainListener listener) {
    this.settings = settings;
    this.checkpoint = checkpoint;
    this.logFile = logFile(checkpoint);
    this.listener = listener;
    this.savedStep = startStep;
  }

  /** The JSON-lines log beside a checkpoint. */
  public static Path logFile(Path checkpoint) {
    return checkpoint.resolveSibling(checkpoint.getFileName() + ".log.jsonl");
  }

  /**
   * Refuses a resume without a checkpoint, and a new run that would overwrite one.
   *
   * @return whether the run resumes
   */
  public static boolean checkTarget(Path checkpoint, boolean resume) throws BadInputException {
    if (resume && !Files.exists(checkpoint)) {
      throw new BadInputException(checkpoint, "--resume given but the checkpoint does not exist");
    }
    if (!resume && Files.exists(checkpoint)) {
      throw new BadInputException(checkpoint, "checkpoint exists; use --resume to continue it or choose a new --out");
    }
    return resume;
  }

  /**
   * A first estimate of a time budget's length from two timed trial passes (the second, warm one
   * counts) with 5 % spare for the update and data; {@link BudgetFit} corrects it from the run's own
   * steps before the first checkpoint.
   *
   * @param trialSeconds runs one trial pass (forward + backward, no update) and returns its seconds
   */
  public static long estimateSteps(double minutes, DoubleSupplier trialSeconds) {
    double seconds = 0;
    for (int trial = 0; trial < 2; trial++) {
      seconds = trialSeconds.getAsDouble();
    }
    return Math.max(1, (long) (minutes * 60 / (seconds * 1.05)));
  }

  /** Stops the run before an update when a step's loss is not finite. */
  public void checkLoss(double loss, String where) {
    if (!Double.isFinite(loss)) {
      throw new NonFiniteLossException("loss is " + loss + " at step " + (currentStep + 1) + where + "; stopped. "
          + lastGood() + "; " + settings.hint() + ".");
    }
  }

  private String lastGood() {
    return "The last good checkpoint " + (savedStep > 0 || Files.exists(checkpoint)
        ? "is " + checkpoint + " (step " + savedStep + ")" : "does not exist yet");
  }

  /**
   * Trains from the start step to the end of {@code planned} (or the deadline), writing the log and
   * checkpoints; a fresh run's log is truncated first, a resumed run's is cut back to its step.
   */
  public Result run(LrSchedule planned, Step step, Saver saver) throws IOException {
    long start = savedStep;
    TrainLog.truncate(logFile, start);
    listener.onStart(start, planned.totalSteps());
    long t0 = System.nanoTime();
    long lastSave = t0;
    long deadline = settings.minutes() > 0 ? t0 + (long) (settings.minutes() * 60e9) : Long.MAX_VALUE;
    BudgetFit fit = BudgetFit.of(settings.minutes() > 0, start > 0, t0, deadline, settings.warmupFraction());
    LrSchedule schedule = planned;
    double lastLoss = Double.NaN;
    double imagesPerSec = 0;
    String reason = "budget reached";
    int badGradients = 0;
    long done = start;
    try (TrainLog log = TrainLog.append(logFile)) {
      for (long s = start; s < schedule.totalSteps(); s++) {
        currentStep = s;
        long ts = System.nanoTime();
        double lr = schedule.lr(s);
        Outcome out = step.run(s, lr, schedule.totalSteps());
        badGradients = Double.isFinite(out.gradNorm()) ? 0 : badGradients + 1;
        if (badGradients >= MAX_BAD_GRADIENTS) {
          throw new NonFiniteLossException("the gradient was not finite in " + badGradients + " steps in a row (last"
              + " at step " + (s + 1) + "); stopped. " + lastGood() + "; " + settings.hint() + ".");
        }
        lastLoss = out.loss();
        done = s + 1;
        long now = System.nanoTime();
        imagesPerSec = settings.imagesPerStep() / ((now - ts) / 1e9);
        StepLog entry = new StepLog(done, out.epoch(), lastLoss, lr, out.gradNorm(), imagesPerSec, (now - t0) / 1e9,
            out.diagnostics());
        log.write(entry);
        listener.onStep(entry);
        if (out.warning() != null) {
          listener.onWarning(done, out.warning());
        }
        boolean outOfTime = now >= deadline;
        boolean saveDue = now - lastSave >= settings.saveEveryMinutes() * 60e9;
        LrSchedule fitted = fit.fitted(schedule, done, (now - ts) / 1e9, now, saveDue || outOfTime);
        if (fitted != null) {
          schedule = fitted;
          listener.onTotalSteps(fitted.totalSteps());
        }
        boolean last = done == schedule.totalSteps();
        if (last || outOfTime || saveDue) {
          saver.save(done, schedule.totalSteps());
          log.flush();
          savedStep = done;
          lastSave = System.nanoTime();
          listener.onCheckpoint(checkpoint, done);
        }
        if (outOfTime && (!last || fitted != null)) { // a fit at the deadline ends the schedule here
          reason = "time budget reached";
          break;
        }
      }
    }
    return new Result(done, schedule.totalSteps(), lastLoss, imagesPerSec, (System.nanoTime() - t0) / 1e9, reason);
  }
}
