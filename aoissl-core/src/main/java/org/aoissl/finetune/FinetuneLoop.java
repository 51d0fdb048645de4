package org.aoissl.finetune;

import org.aoissl.train.TrainListener;
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
import org.aoissl.data.ChannelStatsAccumulator;
import org.aoissl.data.ClassSet;
import org.aoissl.data.Example;
import org.aoissl.data.Normalization;
import org.aoissl.io.BadInputException;
import org.aoissl.model.NamedParams;
import org.aoissl.model.VitConfig;
import org.aoissl.train.AdamW;
import org.aoissl.train.BudgetFit;
import org.aoissl.train.LrSchedule;
import org.aoissl.train.NonFiniteLossException;
import org.aoissl.pretrain.PretrainCheckpoint;
import org.aoissl.pretrain.PretrainLoop;
import org.aoissl.pretrain.PretrainState;
import org.aoissl.train.StepLog;
import org.aoissl.train.TrainLog;

/**
 * Fine-tuning of a {@link SegModel} on labeled images: seeded batches ({@link FinetuneData}), AdamW
 * (betas 0.9/0.999 as MAE's fine-tuning) with layer-wise learning-rate decay, warm-up + cosine schedule
 * and global-norm clipping, a JSON-lines log, periodic atomic checkpoints and exact resume. Every step
 * runs in its own closed manager and {@link NDScope}.
 *
 * <p>The budget is first-class: a number of steps or epochs, or minutes of wall-clock — the step count
 * is then estimated from a timed trial and fitted to the run's own steps before its first checkpoint
 * ({@link BudgetFit}), so the schedule spans the budget and a resume continues on the same curve; the
 * run also stops when the minutes are up.
 */
public final class FinetuneLoop {
  /** How a run ended. */
  public record Result(long steps, long totalSteps, double lastLoss, double imagesPerSec, double seconds,
      Path checkpoint, String stopReason) {}

  private FinetuneLoop() {}

  /**
   * Trains (or resumes) and writes {@code checkpoint}; the log goes to {@code checkpoint + ".log.jsonl"}.
   *
   * @param init a pre-training checkpoint whose encoder starts the model, or null to start from scratch
   */
  public static Result run(FinetuneConfig cfg, List<Example> train, ClassSet classes, Path init, Path checkpoint,
      boolean resume, Map<String, String> provenance, TrainListener listener) throws IOException {
    if (train.isEmpty()) {
      throw new BadInputException(null, "no labeled images to fine-tune on");
    }
    Path logFile = checkpoint.resolveSibling(checkpoint.getFileName() + ".log.jsonl");
    FinetuneCheckpoint.Loaded loaded = null;
    if (resume) {
      if (!Files.exists(checkpoint)) {
        throw new BadInputException(checkpoint, "--resume given but the checkpoint does not exist");
      }
      loaded = FinetuneCheckpoint.load(checkpoint);
      if (!loaded.state().config().equals(cfg)) {
        throw new BadInputException(checkpoint, "was made with different settings; resume with the same options"
            + " (saved: " + loaded.state().config() + ")");
      }
    } else if (Files.exists(checkpoint)) {
      throw new BadInputException(checkpoint, "checkpoint exists; use --resume to continue it or choose a new --out");
    }
    // The pre-trained encoder is read once: its architecture and normalisation now, its weights below.
    PretrainCheckpoint.Loaded pre = loaded == null && init != null ? PretrainCheckpoint.load(init) : null;
    FinetuneState state = loaded != null ? loaded.state()
        : initialState(cfg, train, classes, init, pre == null ? null : pre.state(), provenance);
    try (NDManager base = Engine.getEngine("PyTorch").newBaseManager();
        SegModel model = new SegModel(state.vit(), cfg.head(), classes.size(), state.encoderFrozen(), base,
            cfg.seed());
        AdamW optimizer = new AdamW(new AdamW.Config(0.9, 0.999, 1e-8, cfg.weightDecay()), base)) {
      FinetuneData data = new FinetuneData(train, cfg.imageSize(), cfg.seed(), state.normalization());
      Map<String, NDArray> trainable = new LinkedHashMap<>();
      Set<String> noDecay = new HashSet<>();
      for (NamedParams.Entry e : model.params().trainable()) {
        trainable.put(e.name(), e.array());
        if (!e.decay()) {
          noDecay.add(e.name());
        }
      }
      Map<String, Double> lrScale = LayerDecay.scales(trainable.keySet(), "", state.vit().depth(), cfg.layerDecay());
      if (loaded != null) {
        PretrainCheckpoint.restoreWeights(checkpoint, loaded.contents(), model.params());
        PretrainCheckpoint.restoreOptimizer(loaded.contents(), optimizer, state.step(), base);
        TrainLog.truncate(logFile, state.step());
      } else {
        if (pre != null) {
          PretrainCheckpoint.restoreWeights(init, pre.contents(), model.params(),
              model.encoder().namedParameters().keySet());
        }
        state = state.withTotalSteps(plannedSteps(cfg, data, model, base));
        TrainLog.truncate(logFile, 0);
      }
      LrSchedule schedule = LrSchedule.of(cfg.lr(), cfg.minLr(), cfg.warmupFraction(), state.totalSteps());
      listener.onStart(state.step(), state.totalSteps());
      return train(cfg, state, data, model, optimizer, trainable, noDecay, lrScale, schedule, checkpoint, logFile,
          listener);
    }
  }

  /** A new run's metadata: the encoder's architecture and normalisation from {@code init}, or from scratch. */
  static FinetuneState initialState(FinetuneConfig cfg, List<Example> train, ClassSet classes, Path init,
      PretrainState pre, Map<String, String> provenance) throws IOException {
    int channels = train.get(0).image().channels();
    for (Example e : train) {
      if (e.image().channels() != channels || e.mask().numClasses() != classes.size()) {
        throw new BadInputException(e.sample().imageFiles().get(0), "has " + e.image().channels() + " channels and "
            + e.mask().numClasses() + " classes; the others have " + channels + " and " + classes.size());
      }
    }
    if (pre == null) {
      ChannelStatsAccumulator acc = new ChannelStatsAccumulator(channels);
      train.forEach(e -> acc.add(e.image()));
      Normalization norm = Normalization.of(acc.result());
      VitConfig vit = VitConfig.preset(cfg.model(), cfg.imageSize(), channels);
      return new FinetuneState(cfg, vit, classes.names(), "scratch", 0, 0, norm.mean(), norm.std(), provenance);
    }
    if (pre.vit().channels() != channels) {
      throw new BadInputException(init, "encoder takes " + pre.vit().channels() + " channels; the labeled images have "
          + channels);
    }
    String from = pre.method() + " " + init.getFileName() + " (step " + pre.step() + ")";
    return new FinetuneState(cfg, pre.vit(), classes.names(), from, 0, 0, pre.mean(), pre.std(), provenance);
  }

  private static Result train(FinetuneConfig cfg, FinetuneState start, FinetuneData data, SegModel model,
      AdamW optimizer, Map<String, NDArray> trainable, Set<String> noDecay, Map<String, Double> lrScale,
      LrSchedule planned, Path checkpoint, Path logFile, TrainListener listener) throws IOException {
    long t0 = System.nanoTime();
    long lastSave = t0;
    long deadline = cfg.minutes() > 0 ? t0 + (long) (cfg.minutes() * 60e9) : Long.MAX_VALUE;
    BudgetFit fit = BudgetFit.of(cfg.minutes() > 0, start.step() > 0, deadline, cfg.warmupFraction());
    LrSchedule schedule = planned;
    FinetuneState state = start;
    double lastLoss = Double.NaN;
    double imagesPerSec = 0;
    String reason = "budget reached";
    NDManager base = model.params().manager();
    try (TrainLog log = TrainLog.append(logFile)) {
      for (long step = start.step(); step < schedule.totalSteps(); step++) {
        long ts = System.nanoTime();
        double lr = schedule.lr(step);
        double gradNorm;
        try (NDManager sm = base.newSubManager(); NDScope scope = new NDScope()) {
          NDArray[] batch = arrays(sm, data, step * cfg.batch(), cfg.batch());
          try (GradientCollector gc = sm.getEngine().newGradientCollector()) {
            NDArray loss = SegLoss.loss(model.logits(batch[0]), batch[1], batch[2], cfg.diceWeight());
            lastLoss = loss.getFloat();
            if (!Double.isFinite(lastLoss)) {
              throw new NonFiniteLossException("loss is " + lastLoss + " at step " + (step + 1) + "; stopped. The last"
                  + " good checkpoint is " + checkpoint + " (step " + state.step() + "); try a lower --lr.");
            }
            gc.backward(loss);
          }
          gradNorm = optimizer.step(trainable, noDecay, lrScale, lr, cfg.clipGrad(), cfg.weightDecay());
        }
        state = state.withStep(step + 1);
        long now = System.nanoTime();
        imagesPerSec = cfg.batch() / ((now - ts) / 1e9);
        StepLog entry = new StepLog(step + 1, data.epochOf((step + 1) * cfg.batch()), lastLoss, lr, gradNorm,
            imagesPerSec, (now - t0) / 1e9);
        log.write(entry);
        listener.onStep(entry);
        boolean outOfTime = now >= deadline;
        boolean saveDue = now - lastSave >= cfg.saveEveryMinutes() * 60e9;
        LrSchedule fitted = fit.fitted(schedule, step + 1, (now - ts) / 1e9, now, saveDue || outOfTime);
        if (fitted != null) {
          schedule = fitted;
          state = state.withTotalSteps(fitted.totalSteps());
          listener.onTotalSteps(fitted.totalSteps());
        }
        boolean last = step + 1 == schedule.totalSteps();
        if (last || outOfTime || saveDue) {
          FinetuneCheckpoint.save(checkpoint, state, model.params(), optimizer);
          log.flush();
          lastSave = System.nanoTime();
          listener.onCheckpoint(checkpoint, step + 1);
        }
        if (outOfTime && (!last || fitted != null)) { // a fit at the deadline ends the schedule here
          reason = "time budget reached";
          break;
        }
      }
    }
    return new Result(state.step(), schedule.totalSteps(), lastLoss, imagesPerSec, (System.nanoTime() - t0) / 1e9,
        checkpoint, reason);
  }

  /** Images {@code [n, C, s, s]}, targets {@code [n, K, s, s]} and valid pixels {@code [n, 1, s, s]}. */
  private static NDArray[] arrays(NDManager sm, FinetuneData data, long first, int n) {
    FinetuneData.Batch b = data.batch(first, n);
    int s = data.cropSize();
    return new NDArray[] {
      sm.create(b.images(), new Shape(n, data.channels(), s, s)),
      sm.create(b.targets(), new Shape(n, data.numClasses(), s, s)),
      sm.create(b.valid(), new Shape(n, 1, s, s))
    };
  }

  /**
   * The schedule's length: the given steps or epochs, or for a time budget a first estimate from two
   * timed forward + backward passes (the second counts) with 5 % spare for the update and data, which
   * {@link BudgetFit} corrects from the run's own steps before the first checkpoint.
   */
  static long plannedSteps(FinetuneConfig cfg, FinetuneData data, SegModel model, NDManager base) {
    if (cfg.steps() > 0) {
      return cfg.steps();
    }
    if (cfg.epochs() > 0) {
      return Math.max(1, (long) cfg.epochs() * data.size() / cfg.batch());
    }
    double secondsPerStep = 0;
    for (int trial = 0; trial < 2; trial++) {
      long ts = System.nanoTime();
      try (NDManager sm = base.newSubManager(); NDScope scope = new NDScope()) {
        NDArray[] batch = arrays(sm, data, (long) trial * cfg.batch(), cfg.batch());
        try (GradientCollector gc = base.getEngine().newGradientCollector()) {
          gc.backward(SegLoss.loss(model.logits(batch[0]), batch[1], batch[2], cfg.diceWeight()));
        }
        for (NamedParams.Entry e : model.params().trainable()) {
          AdamW.zero(e.array().getGradient());
        }
      }
      secondsPerStep = (System.nanoTime() - ts) / 1e9;
    }
    return Math.max(1, (long) (cfg.minutes() * 60 / (secondsPerStep * 1.05)));
  }
}
