package org.aoissl.pretrain;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.aoissl.data.ChannelStats;
import org.aoissl.data.Normalization;
import org.aoissl.data.Sample;
import org.aoissl.data.Seeds;
import org.aoissl.io.BadInputException;
import org.aoissl.model.NamedParams;
import org.aoissl.model.VitConfig;
import org.aoissl.pretrain.mae.MaeConfig;
import org.aoissl.pretrain.mae.MaeObjective;

/**
 * The pre-training loop shared by every {@link Objective}: seeded batches, gradient accumulation,
 * AdamW with warm-up + cosine schedule and global-norm clipping, a JSON-lines log, periodic atomic
 * checkpoints, exact resume, a stop on a non-finite loss, and skipped updates on a non-finite gradient
 * (stopping after {@value #MAX_BAD_GRADIENTS} in a row). Every step runs in its own closed manager
 * and {@link NDScope}, so native memory stays flat.
 */
public final class PretrainLoop {
  /** Told about progress; every method may be a no-op. */
  public interface Listener {
    default void onStart(long firstStep, long totalSteps) {}

    default void onStep(StepLog log) {}

    default void onCheckpoint(Path file, long step) {}
  }

  /** How a run ended. */
  public record Result(long steps, long totalSteps, double lastLoss, double imagesPerSec, Path checkpoint,
      String stopReason) {}

  /** Steps in a row with a non-finite gradient (each skipped) before the run is stopped. */
  static final int MAX_BAD_GRADIENTS = 3;

  private PretrainLoop() {}

  /**
   * Trains (or resumes) and writes {@code checkpoint}. The log goes to {@code checkpoint + ".log.jsonl"}.
   *
   * @param samples unlabeled images (labels, if any, are not used)
   */
  public static Result run(PretrainConfig cfg, List<Sample> samples, Path checkpoint, boolean resume,
      Map<String, String> provenance, Listener listener) throws IOException {
    if (samples.isEmpty()) {
      throw new BadInputException(null, "no images to pre-train on");
    }
    Path log = checkpoint.resolveSibling(checkpoint.getFileName() + ".log.jsonl");
    PretrainCheckpoint.Loaded loaded = null;
    if (resume) {
      if (!Files.exists(checkpoint)) {
        throw new BadInputException(checkpoint, "--resume given but the checkpoint does not exist");
      }
      loaded = PretrainCheckpoint.load(checkpoint);
    } else if (Files.exists(checkpoint)) {
      throw new BadInputException(checkpoint, "checkpoint exists; use --resume to continue it or choose a new --out");
    }
    PretrainState state;
    if (loaded != null) {
      state = loaded.state();
      if (!state.config().equals(cfg)) {
        throw new BadInputException(checkpoint, "was made with different settings; resume with the same options"
            + " (saved: " + state.config() + ")");
      }
    } else {
      ChannelStats stats = PretrainData.statistics(samples, 64);
      int channels = stats.channels();
      VitConfig vit = VitConfig.preset(cfg.model(), cfg.imageSize(), channels);
      MaeConfig mae = MaeConfig.defaults(vit).withMaskRatio(cfg.maskRatio()).withNormPixLoss(cfg.normPixLoss());
      Normalization norm = Normalization.of(stats);
      state = new PretrainState(cfg.method(), vit, mae, cfg, 0, 0, norm.mean(), norm.std(), provenance);
    }
    PretrainData data = new PretrainData(samples, state.vit().channels(), cfg.imageSize(), cfg.seed(),
        state.normalization());
    Engine engine = Engine.getEngine("PyTorch");
    try (NDManager base = engine.newBaseManager();
        Objective objective = new MaeObjective(state.mae(), base, cfg.seed());
        AdamW optimizer = new AdamW(new AdamW.Config(0.9, 0.95, 1e-8, cfg.weightDecay()), base)) {
      NamedParams params = objective.params();
      Map<String, NDArray> trainable = new LinkedHashMap<>();
      Set<String> noDecay = new HashSet<>();
      for (NamedParams.Entry e : params.trainable()) {
        trainable.put(e.name(), e.array());
        if (!e.decay()) {
          noDecay.add(e.name());
        }
      }
      long totalSteps;
      if (loaded != null) {
        PretrainCheckpoint.restoreWeights(checkpoint, loaded.contents(), params);
        PretrainCheckpoint.restoreOptimizer(loaded.contents(), optimizer, state.step(), base);
        totalSteps = state.totalSteps();
        TrainLog.truncate(log, state.step());
      } else {
        totalSteps = plannedSteps(cfg, data, objective, base);
        state = new PretrainState(state.method(), state.vit(), state.mae(), cfg, 0, totalSteps, state.mean(),
            state.std(), state.provenance());
        TrainLog.truncate(log, 0);
      }
      LrSchedule schedule = new LrSchedule(cfg.lr(), Math.min(cfg.minLr(), cfg.lr()),
          (long) Math.floor(cfg.warmupFraction() * totalSteps), totalSteps);
      listener.onStart(state.step(), totalSteps);
      return train(cfg, state, data, base, objective, optimizer, trainable, noDecay, schedule, checkpoint, log,
          listener);
    }
  }

  private static Result train(PretrainConfig cfg, PretrainState start, PretrainData data, NDManager base,
      Objective objective,
      AdamW optimizer, Map<String, NDArray> trainable, Set<String> noDecay, LrSchedule schedule, Path checkpoint,
      Path logFile, Listener listener) throws IOException {
    long t0 = System.nanoTime();
    long lastSave = t0;
    long deadline = cfg.minutes() > 0 ? t0 + (long) (cfg.minutes() * 60e9) : Long.MAX_VALUE;
    PretrainState state = start;
    double lastLoss = Double.NaN;
    double imagesPerSec = 0;
    long savedStep = start.step();
    String reason = "budget reached";
    int badGradients = 0;
    int n = cfg.batch();
    int size = cfg.imageSize();
    int channels = start.vit().channels();
    try (TrainLog log = TrainLog.append(logFile)) {
      for (long step = start.step(); step < schedule.totalSteps(); step++) {
        long ts = System.nanoTime();
        double lr = schedule.lr(step);
        double lossSum = 0;
        double gradNorm;
        try (NDManager sm = base.newSubManager(); NDScope scope = new NDScope()) {
          try (GradientCollector gc = sm.getEngine().newGradientCollector()) {
            for (int micro = 0; micro < cfg.accum(); micro++) {
              long first = (step * cfg.accum() + micro) * (long) n;
              NDArray images = sm.create(data.batch(first, n), new Shape(n, channels, size, size));
              SplittableRandom rng = new SplittableRandom(Seeds.mix(cfg.seed(), 0x3A5C, step * cfg.accum() + micro));
              NDArray loss = objective.loss(images, rng);
              float value = loss.getFloat();
              if (!Float.isFinite(value)) {
                throw new NonFiniteLossException("loss is " + value + " at step " + (step + 1) + " (epoch "
                    + String.format("%.2f", data.epochOf(first)) + "); stopped. The last good checkpoint "
                    + (savedStep > 0 || Files.exists(checkpoint) ? "is " + checkpoint + " (step " + savedStep + ")"
                        : "does not exist yet") + "; try a lower --blr or stronger --clip-grad.");
              }
              lossSum += value;
              gc.backward(cfg.accum() == 1 ? loss : loss.div(cfg.accum()));
            }
          }
          gradNorm = optimizer.step(trainable, noDecay, lr, cfg.clipGrad(), cfg.weightDecay());
        }
        badGradients = Double.isFinite(gradNorm) ? 0 : badGradients + 1;
        if (badGradients >= MAX_BAD_GRADIENTS) {
          throw new NonFiniteLossException("the gradient was not finite in " + badGradients + " steps in a row (last at"
              + " step " + (step + 1) + "); stopped. The last good checkpoint is " + checkpoint + " (step " + savedStep
              + "); try a lower --blr or stronger --clip-grad.");
        }
        lastLoss = lossSum / cfg.accum();
        state = state.withStep(step + 1);
        long now = System.nanoTime();
        imagesPerSec = cfg.effectiveBatch() / ((now - ts) / 1e9);
        StepLog entry = new StepLog(step + 1, data.epochOf((step + 1) * cfg.effectiveBatch()), lastLoss, lr,
            gradNorm, imagesPerSec, (now - t0) / 1e9);
        log.write(entry);
        listener.onStep(entry);
        boolean last = step + 1 == schedule.totalSteps();
        boolean outOfTime = now >= deadline;
        if (last || outOfTime || now - lastSave >= cfg.saveEveryMinutes() * 60e9) {
          PretrainCheckpoint.save(checkpoint, state, objective.params(), optimizer);
          log.flush();
          savedStep = step + 1;
          lastSave = System.nanoTime();
          listener.onCheckpoint(checkpoint, savedStep);
        }
        if (outOfTime && !last) {
          reason = "time budget reached";
          break;
        }
      }
    }
    return new Result(state.step(), schedule.totalSteps(), lastLoss, imagesPerSec, checkpoint, reason);
  }

  /**
   * The schedule's length. For a time budget it is fixed before step 0 from two timed trial passes
   * (forward + backward, no update), so the warm-up and cosine cover the budget and a resume continues
   * on the same curve.
   */
  static long plannedSteps(PretrainConfig cfg, PretrainData data, Objective objective, NDManager base)
      throws IOException {
    if (cfg.steps() > 0) {
      return cfg.steps();
    }
    if (cfg.epochs() > 0) {
      return Math.max(1, (long) cfg.epochs() * data.size() / cfg.effectiveBatch());
    }
    int n = cfg.batch();
    int channels = objective.encoder().config().channels();
    double secondsPerPass = 0;
    for (int trial = 0; trial < 2; trial++) {
      long ts = System.nanoTime();
      try (NDManager sm = base.newSubManager(); NDScope scope = new NDScope();
          GradientCollector gc = base.getEngine().newGradientCollector()) {
        NDArray images = sm.create(data.batch((long) trial * n, n),
            new Shape(n, channels, cfg.imageSize(), cfg.imageSize()));
        gc.backward(objective.loss(images, new SplittableRandom(trial)));
      }
      zeroGradients(objective.params());
      secondsPerPass = (System.nanoTime() - ts) / 1e9; // the second (warm) trial counts
    }
    double budget = cfg.minutes() * 60;
    return Math.max(1, (long) (budget / (secondsPerPass * cfg.accum() * 1.05)));
  }

  private static void zeroGradients(NamedParams params) {
    try (NDScope scope = new NDScope()) {
      for (NamedParams.Entry e : params.trainable()) {
        AdamW.zero(e.array().getGradient());
      }
    }
  }
}
