package org.aoissl.pretrain;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
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
import org.aoissl.pretrain.dino.DinoObjective;
import org.aoissl.pretrain.ibot.IbotObjective;
import org.aoissl.pretrain.mae.MaeConfig;
import org.aoissl.pretrain.mae.MaeObjective;
import org.aoissl.train.AdamW;
import org.aoissl.train.BudgetFit;
import org.aoissl.train.GradClip;
import org.aoissl.train.LrSchedule;
import org.aoissl.train.TorchThreads;
import org.aoissl.train.TrainListener;
import org.aoissl.train.TrainRun;
import org.aoissl.train.Trainable;

/**
 * The pre-training loop shared by every {@link Objective}: seeded batches, gradient accumulation,
 * AdamW with warm-up + cosine schedule and global-norm clipping, a JSON-lines log, periodic atomic
 * checkpoints, exact resume, a stop on a non-finite loss, and skipped updates on a non-finite gradient
 * (stopping after {@value #MAX_BAD_GRADIENTS} in a row). Every step runs in its own closed manager
 * and {@link NDScope}, so native memory stays flat.
 *
 * <p>The objective's hooks shape a step: the data layer makes its views, its {@code prepare} runs
 * before the gradient collector opens (a teacher's forward), it may schedule the weight decay, freeze
 * parameters for the step, ask for per-parameter clipping and update its own state after the update;
 * its collapse diagnostics are logged with the step and reported to the listener.
 */
public final class PretrainLoop {
  /** How a run ended. */
  public record Result(long steps, long totalSteps, double lastLoss, double imagesPerSec, double seconds,
      Path checkpoint, String stopReason) {}

  /** Steps in a row with a non-finite gradient (each skipped) before the run is stopped. */
  static final int MAX_BAD_GRADIENTS = 3;

  private PretrainLoop() {}

  /**
   * Trains (or resumes) and writes {@code checkpoint}. The log goes to {@code checkpoint + ".log.jsonl"}.
   *
   * @param samples unlabeled images (labels, if any, are not used)
   */
  public static Result run(PretrainConfig cfg, List<Sample> samples, Path checkpoint, boolean resume,
      Map<String, String> provenance, TrainListener listener) throws IOException {
    if (samples.isEmpty()) {
      throw new BadInputException(null, "no images to pre-train on");
    }
    PretrainCheckpoint.Loaded loaded = TrainRun.checkTarget(checkpoint, resume)
        ? PretrainCheckpoint.load(checkpoint) : null;
    PretrainState state;
    if (loaded != null) {
      state = loaded.state();
      if (state.config() == null) {
        throw new BadInputException(checkpoint, "holds an encoder made by " + state.method()
            + ", not a pre-training run; there is nothing to resume");
      }
      if (!state.config().equals(cfg)) {
        throw new BadInputException(checkpoint, "was made with different settings; resume with the same options"
            + " (saved: " + state.config() + ")");
      }
    } else {
      ChannelStats stats = PretrainData.statistics(samples, 64);
      int channels = stats.channels();
      VitConfig vit = VitConfig.preset(cfg.model(), cfg.imageSize(), channels);
      MaeConfig mae = PretrainMethods.get(cfg.method()).masked()
          ? MaeConfig.defaults(vit).withMaskRatio(cfg.maskRatio()).withNormPixLoss(cfg.normPixLoss()) : null;
      Normalization norm = Normalization.of(stats);
      state = new PretrainState(cfg.method(), vit, mae, cfg, 0, 0, norm.mean(), norm.std(), provenance);
    }
    Engine engine = Engine.getEngine("PyTorch");
    TorchThreads.pin();
    try (NDManager base = engine.newBaseManager();
        Objective objective = createObjective(state, base);
        AdamW optimizer = new AdamW(objective.optimizer(cfg.weightDecay()), base)) {
      List<PretrainData.View> views = cfg.cropScaleMin() == null ? objective.views()
          : List.of(PretrainData.View.mae(cfg.imageSize(), cfg.cropScaleMin(), cfg.cropScaleMax()));
      PretrainData data = new PretrainData(samples, state.vit().channels(), views, cfg.seed(), state.normalization());
      NamedParams params = objective.params();
      if (loaded != null) {
        PretrainCheckpoint.restoreWeights(checkpoint, loaded.contents(), params);
        PretrainCheckpoint.restoreOptimizer(loaded.contents(), optimizer, state.step(), base);
      } else {
        state = state.withTotalSteps(plannedSteps(cfg, data, objective, base));
      }
      LrSchedule schedule = LrSchedule.of(cfg.lr(), Math.min(cfg.minLr(), cfg.lr()), cfg.warmupFraction(),
          state.totalSteps());
      return train(cfg, state, data, base, objective, optimizer, Trainable.of(params), schedule, checkpoint, listener);
    }
  }

  /**
   * Writes a step-0 checkpoint: the objective's freshly initialised weights with the data's
   * normalisation. It is the "scratch" encoder of baselines (retrieval on random features).
   */
  public static void initialCheckpoint(PretrainConfig cfg, List<Sample> samples, Path checkpoint,
      Map<String, String> provenance) throws IOException {
    ChannelStats stats = PretrainData.statistics(samples, 64);
    VitConfig vit = VitConfig.preset(cfg.model(), cfg.imageSize(), stats.channels());
    MaeConfig mae = PretrainMethods.get(cfg.method()).masked()
        ? MaeConfig.defaults(vit).withMaskRatio(cfg.maskRatio()).withNormPixLoss(cfg.normPixLoss()) : null;
    Normalization norm = Normalization.of(stats);
    PretrainState state = new PretrainState(cfg.method(), vit, mae, cfg, 0, 0, norm.mean(), norm.std(), provenance);
    try (NDManager base = Engine.getEngine("PyTorch").newBaseManager();
        Objective objective = createObjective(state, base)) {
      PretrainCheckpoint.save(checkpoint, state, objective.params(), null);
    }
  }

  /** The objective of a run's method, with fresh weights (the checkpoint's are restored afterwards). */
  static Objective createObjective(PretrainState state, NDManager base) {
    return PretrainMethods.get(state.config().method()).objective().create(state, base);
  }

  private static Result train(PretrainConfig cfg, PretrainState start, PretrainData data, NDManager base,
      Objective objective, AdamW optimizer, Trainable trainable, LrSchedule planned,
      Path checkpoint, TrainListener listener) throws IOException {
    TrainRun run = new TrainRun(new TrainRun.Settings(cfg.minutes(), cfg.warmupFraction(), cfg.saveEveryMinutes(),
        cfg.effectiveBatch(), "try a lower --blr or stronger --clip-grad"), checkpoint, start.step(), listener);
    int n = cfg.batch();
    int channels = start.vit().channels();
    TrainRun.Step step = (s, lr, totalSteps) -> {
      double lossSum = 0;
      double gradNorm;
      Map<String, Double> diagnostics;
      StepInfo info = new StepInfo(s, totalSteps, data.epochOf(s * cfg.effectiveBatch()),
          diagnoseAt(data, cfg, s, totalSteps));
      double weightDecay = objective.weightDecay(info, cfg.weightDecay());
      try (NDManager sm = base.newSubManager(); NDScope scope = new NDScope()) {
        objective.beginStep(info);
        for (int micro = 0; micro < cfg.accum(); micro++) {
          long first = (s * cfg.accum() + micro) * (long) n;
          List<NDArray> views = views(sm, data, first, n, channels);
          SplittableRandom rng = new SplittableRandom(Seeds.mix(cfg.seed(), 0x3A5C, s * cfg.accum() + micro));
          objective.prepare(views, rng); // a teacher's forward: no gradients recorded
          try (GradientCollector gc = sm.getEngine().newGradientCollector()) {
            NDArray loss = objective.loss(views, rng);
            float value = loss.getFloat();
            run.checkLoss(value, " (epoch " + String.format("%.2f", data.epochOf(first)) + ")");
            lossSum += value;
            gc.backward(cfg.accum() == 1 ? loss : loss.div(cfg.accum()));
          }
        }
        Map<String, NDArray> update = withoutFrozen(trainable.arrays(), objective.frozen(info));
        if (objective.clipsPerParameter()) {
          gradNorm = GradClip.perParameter(update, cfg.clipGrad());
          optimizer.step(update, trainable.noDecay(), lr, 0, weightDecay);
        } else {
          gradNorm = optimizer.step(update, trainable.noDecay(), lr, cfg.clipGrad(), weightDecay);
        }
        diagnostics = objective.afterStep(info);
      }
      return new TrainRun.Outcome(lossSum / cfg.accum(), gradNorm, data.epochOf((s + 1) * cfg.effectiveBatch()),
          diagnostics, org.aoissl.pretrain.dino.CollapseGuard.warning(diagnostics));
    };
    TrainRun.Result r = run.run(planned, step, (steps, total) -> PretrainCheckpoint.save(checkpoint,
        start.withStep(steps).withTotalSteps(total), objective.params(), optimizer));
    return new Result(r.steps(), r.totalSteps(), r.lastLoss(), r.imagesPerSec(), r.seconds(), checkpoint,
        r.stopReason());
  }

  /** The batch's views as arrays {@code [n, C, s, s]} on {@code sm}. */
  private static List<NDArray> views(NDManager sm, PretrainData data, long first, int n, int channels)
      throws IOException {
    List<float[]> values = data.batchViews(first, n);
    List<NDArray> out = new ArrayList<>();
    for (int v = 0; v < values.size(); v++) {
      int s = data.views().get(v).size();
      out.add(sm.create(values.get(v), new Shape(n, channels, s, s)));
    }
    return out;
  }

  /**
   * Steps that compute the objective's collapse diagnostics: the last of each epoch, every {@value
   * #DIAGNOSE_EVERY} steps, and the last of the run.
   */
  static boolean diagnoseAt(PretrainData data, PretrainConfig cfg, long step, long totalSteps) {
    long before = (long) Math.floor(data.epochOf(step * cfg.effectiveBatch()));
    long after = (long) Math.floor(data.epochOf((step + 1) * cfg.effectiveBatch()));
    return after > before || (step + 1) % DIAGNOSE_EVERY == 0 || step + 1 == totalSteps;
  }

  static final int DIAGNOSE_EVERY = 100;

  /** The parameters to update: all trainable ones but the frozen, whose gradients are discarded. */
  private static Map<String, NDArray> withoutFrozen(Map<String, NDArray> trainable, Set<String> frozen) {
    if (frozen.isEmpty()) {
      return trainable;
    }
    Map<String, NDArray> out = new LinkedHashMap<>();
    trainable.forEach((name, array) -> {
      if (frozen.contains(name)) {
        AdamW.zero(array.getGradient());
      } else {
        out.put(name, array);
      }
    });
    return out;
  }

  /**
   * The schedule's length. For a time budget it is a first estimate from two timed trial passes
   * (forward + backward, no update); {@link BudgetFit} corrects it from the run's own steps before the
   * first checkpoint, so the warm-up and cosine cover the budget and a resume continues on the same
   * curve.
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
    long[] trial = {0};
    return TrainRun.estimateSteps(cfg.minutes() / cfg.accum(), () -> {
      long ts = System.nanoTime();
      try (NDManager sm = base.newSubManager(); NDScope scope = new NDScope()) {
        objective.beginStep(new StepInfo(0, 1, 0, false));
        List<NDArray> views = views(sm, data, trial[0] * n, n, channels);
        objective.prepare(views, new SplittableRandom(trial[0]));
        try (GradientCollector gc = base.getEngine().newGradientCollector()) {
          gc.backward(objective.loss(views, new SplittableRandom(trial[0])));
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      zeroGradients(objective.params());
      trial[0]++;
      return (System.nanoTime() - ts) / 1e9;
    });
  }

  private static void zeroGradients(NamedParams params) {
    try (NDScope scope = new NDScope()) {
      for (NamedParams.Entry e : params.trainable()) {
        AdamW.zero(e.array().getGradient());
      }
    }
  }
}
