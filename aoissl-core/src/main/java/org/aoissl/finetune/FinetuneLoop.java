package org.aoissl.finetune;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aoissl.data.ChannelStatsAccumulator;
import org.aoissl.data.ClassSet;
import org.aoissl.data.Example;
import org.aoissl.data.Normalization;
import org.aoissl.io.BadInputException;
import org.aoissl.model.NamedParams;
import org.aoissl.model.VitConfig;
import org.aoissl.pretrain.EncoderCheckpoint;
import org.aoissl.pretrain.PretrainCheckpoint;
import org.aoissl.train.AdamW;
import org.aoissl.train.BudgetFit;
import org.aoissl.train.CpuIsa;
import org.aoissl.train.LrSchedule;
import org.aoissl.train.Prefetch;
import org.aoissl.train.TorchThreads;
import org.aoissl.train.TrainListener;
import org.aoissl.train.TrainRun;
import org.aoissl.train.Trainable;

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
    return run(cfg, train, classes, init, checkpoint, resume, provenance, listener, null);
  }

  /**
   * As {@link #run(FinetuneConfig, List, ClassSet, Path, Path, boolean, Map, TrainListener)}, with a given
   * normalisation for a model trained from scratch (null: the training images' statistics).
   */
  public static Result run(FinetuneConfig cfg, List<Example> train, ClassSet classes, Path init, Path checkpoint,
      boolean resume, Map<String, String> provenance, TrainListener listener, Normalization normalization)
      throws IOException {
    if (train.isEmpty()) {
      throw new BadInputException(null, "no labeled images to fine-tune on");
    }
    FinetuneCheckpoint.Loaded loaded = TrainRun.checkTarget(checkpoint, resume)
        ? FinetuneCheckpoint.load(checkpoint) : null;
    if (loaded != null) {
      if (!loaded.state().config().equals(cfg)) {
        throw new BadInputException(checkpoint, "was made with different settings; resume with the same options"
            + " (saved: " + loaded.state().config() + ")");
      }
    }
    // The pre-trained encoder is read once: its architecture and normalisation now, its weights below.
    EncoderCheckpoint pre = loaded == null && init != null ? EncoderCheckpoint.read(init) : null;
    FinetuneState state = loaded != null ? loaded.state()
        : initialState(cfg, train, classes, pre, provenance, normalization);
    try (NDManager base = Engine.getEngine("PyTorch").newBaseManager();
        Segmenter model = state.newModel(base);
        AdamW optimizer = new AdamW(new AdamW.Config(0.9, 0.999, 1e-8, cfg.weightDecay()), base)) {
      TorchThreads.pin();
      FinetuneData data = new FinetuneData(train, cfg.imageSize(), cfg.seed(), state.normalization(), state.isUNet());
      Trainable trainable = Trainable.of(model.params());
      Map<String, Double> lrScale = state.isUNet() ? Map.of()
          : LayerDecay.scales(trainable.arrays().keySet(), "", state.vit().depth(), cfg.layerDecay());
      if (loaded != null) {
        PretrainCheckpoint.restoreWeights(checkpoint, loaded.contents(), model.params());
        PretrainCheckpoint.restoreOptimizer(loaded.contents(), optimizer, state.step(), base);
      } else {
        if (pre != null) {
          pre.restoreInto(model.params(), ((SegModel) model).encoder().namedParameters().keySet());
        }
        state = state.withTotalSteps(plannedSteps(cfg, data, model, base));
      }
      LrSchedule schedule = LrSchedule.of(cfg.lr(), cfg.minLr(), cfg.warmupFraction(), state.totalSteps());
      return train(cfg, state, data, model, optimizer, trainable, lrScale, schedule, checkpoint, listener);
    }
  }

  /** A new run's metadata: the encoder's architecture and normalisation from {@code init}, or from scratch. */
  static FinetuneState initialState(FinetuneConfig cfg, List<Example> train, ClassSet classes,
      EncoderCheckpoint pre, Map<String, String> provenance, Normalization given) throws IOException {
    int channels = train.get(0).image().channels();
    for (Example e : train) {
      if (e.image().channels() != channels || e.mask().numClasses() != classes.size()) {
        throw new BadInputException(e.sample().imageFiles().get(0), "has " + e.image().channels() + " channels and "
            + e.mask().numClasses() + " classes; the others have " + channels + " and " + classes.size());
      }
    }
    if (cfg.head().equals("unet") && pre != null) {
      throw new BadInputException(pre.file(), "the U-Net does not take a pre-trained ViT encoder; drop --init");
    }
    if (pre == null) {
      Normalization norm = given;
      if (norm == null) {
        ChannelStatsAccumulator acc = new ChannelStatsAccumulator(channels);
        train.forEach(e -> acc.add(e.image()));
        norm = Normalization.of(acc.result());
      } else if (norm.channels() != channels) {
        throw new IllegalArgumentException("normalisation of " + norm.channels() + " channels for images of " + channels);
      }
      VitConfig vit = cfg.head().equals("unet") ? null : VitConfig.preset(cfg.model(), cfg.imageSize(), channels);
      return new FinetuneState(cfg, vit, classes.names(), "scratch", 0, 0, norm.mean(), norm.std(), provenance);
    }
    if (pre.vit().channels() != channels) {
      throw new BadInputException(pre.file(), "encoder takes " + pre.vit().channels() + " channels; the labeled images have "
          + channels);
    }
    return new FinetuneState(cfg, pre.vit(), classes.names(), pre.describe(), 0, 0, pre.normalization().mean(),
        pre.normalization().std(), provenance);
  }

  private static Result train(FinetuneConfig cfg, FinetuneState start, FinetuneData data, Segmenter model,
      AdamW optimizer, Trainable trainable, Map<String, Double> lrScale, LrSchedule planned, Path checkpoint,
      TrainListener listener) throws IOException {
    String isa = CpuIsa.warning();
    if (isa != null && !cfg.head().equals("linear")) {
      listener.onWarning(start.step(), isa);
    }
    TrainRun run = new TrainRun(new TrainRun.Settings(cfg.minutes(), cfg.warmupFraction(), cfg.saveEveryMinutes(),
        cfg.batch(), isa == null ? "try a lower --lr" : "try a lower --lr, and: " + isa), checkpoint, start.step(),
        listener);
    NDManager base = model.params().manager();
    // Batches are a pure function of their position, so preparing the next one during a step changes nothing.
    Prefetch<FinetuneData.Batch> batches = new Prefetch<>(s -> data.batch(s * cfg.batch(), cfg.batch()));
    TrainRun.Step step = (s, lr, totalSteps) -> {
      double loss;
      double gradNorm;
      int attempts = 0;
      try (NDManager sm = base.newSubManager(); NDScope scope = new NDScope()) {
        NDArray[] batch = arrays(sm, data, batches.get(s));
        Map<String, float[]> fixed = fixedValues(model);
        boolean again;
        do {
          if (attempts > 0) { // the same batch again, from the same weights and statistics
            trainable.arrays().values().forEach(a -> AdamW.zero(a.getGradient()));
            fixed.forEach((name, values) -> model.params().entry(name).array().set(values));
          }
          attempts++;
          try (GradientCollector gc = sm.getEngine().newGradientCollector()) {
            NDArray l = SegLoss.loss(model.logits(batch[0], true), batch[1], batch[2], cfg.diceWeight());
            loss = l.getFloat();
            again = !Double.isFinite(loss) && attempts < ATTEMPTS;
            if (!again) {
              run.checkLoss(loss, "");
              gc.backward(l);
            }
          }
          again = again || attempts < ATTEMPTS && !gradientsFinite(trainable);
        } while (again);
        gradNorm = optimizer.step(trainable.arrays(), trainable.noDecay(), lrScale, lr, cfg.clipGrad(),
            cfg.weightDecay());
      }
      Map<String, Double> diagnostics = attempts > 1 ? Map.of("attempts", (double) attempts) : Map.of();
      return new TrainRun.Outcome(loss, gradNorm, data.epochOf((s + 1) * cfg.batch()), diagnostics, null);
    };
    TrainRun.Result r;
    try (batches) {
      r = run.run(planned, step, (steps, total) -> FinetuneCheckpoint.save(checkpoint,
          start.withStep(steps).withTotalSteps(total), model.params(), optimizer));
    }
    return new Result(r.steps(), r.totalSteps(), r.lastLoss(), r.imagesPerSec(), r.seconds(), checkpoint,
        r.stopReason());
  }

  /**
   * Tries of one step whose loss or gradient comes back non-finite. libtorch's CPU convolution
   * occasionally returns NaN from finite inputs (see {@link CpuIsa} and {@link org.aoissl.model.Conv});
   * computing the same batch again from the same state gives the deterministic, finite result, so a
   * retried step is the step an unaffected machine takes. A loss still non-finite after the last try stops the run (a real divergence); a
   * gradient is skipped by the optimizer and counted by the harness.
   */
  static final int ATTEMPTS = 3;

  private static boolean gradientsFinite(Trainable trainable) {
    try (NDScope scope = new NDScope()) {
      double sum = 0;
      for (NDArray a : trainable.arrays().values()) {
        sum += a.getGradient().square().sum().getFloat();
      }
      return Double.isFinite(sum);
    }
  }

  /** The model's fixed arrays (BatchNorm statistics), which a training forward updates in place. */
  private static Map<String, float[]> fixedValues(Segmenter model) {
    Map<String, float[]> fixed = new LinkedHashMap<>();
    for (NamedParams.Entry e : model.params().entries()) {
      if (!e.trainable() && (e.name().endsWith("running_mean") || e.name().endsWith("running_var"))) {
        fixed.put(e.name(), e.array().toFloatArray());
      }
    }
    return fixed;
  }

  /** Images {@code [n, C, s, s]}, targets {@code [n, K, s, s]} and valid pixels {@code [n, 1, s, s]}. */
  private static NDArray[] arrays(NDManager sm, FinetuneData data, FinetuneData.Batch b) {
    int n = b.n();
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
  static long plannedSteps(FinetuneConfig cfg, FinetuneData data, Segmenter model, NDManager base) {
    if (cfg.steps() > 0) {
      return cfg.steps();
    }
    if (cfg.epochs() > 0) {
      return Math.max(1, (long) cfg.epochs() * data.size() / cfg.batch());
    }
    // Trial passes run in training mode; the BatchNorm statistics they move are put back afterwards.
    Map<String, float[]> fixed = fixedValues(model);
    long[] trial = {0};
    long steps = TrainRun.estimateSteps(cfg.minutes(), () -> {
      long ts = System.nanoTime();
      try (NDManager sm = base.newSubManager(); NDScope scope = new NDScope()) {
        NDArray[] batch = arrays(sm, data, data.batch(trial[0] * cfg.batch(), cfg.batch()));
        try (GradientCollector gc = base.getEngine().newGradientCollector()) {
          gc.backward(SegLoss.loss(model.logits(batch[0], true), batch[1], batch[2], cfg.diceWeight()));
        }
        for (NamedParams.Entry e : model.params().trainable()) {
          AdamW.zero(e.array().getGradient());
        }
      }
      trial[0]++;
      return (System.nanoTime() - ts) / 1e9;
    });
    fixed.forEach((name, values) -> model.params().entry(name).array().set(values));
    return steps;
  }
}
