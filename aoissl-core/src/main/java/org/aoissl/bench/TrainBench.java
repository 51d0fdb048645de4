package org.aoissl.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.aoissl.model.NamedParams;
import org.aoissl.model.Sdpa;
import org.aoissl.model.VitConfig;
import org.aoissl.pretrain.mae.MaeConfig;
import org.aoissl.pretrain.mae.MaeModel;
import org.aoissl.train.AdamW;

/**
 * Measures, in this JVM, the libtorch fp32 matmul peak and the full MAE training step rate (forward,
 * backward, global-norm clipping, AdamW) on random images, each step in a closed sub-manager and
 * {@link NDScope}, so that model FLOPs utilisation is a ratio of two numbers from the same process.
 */
public final class TrainBench {
  /** Learning rate of the benchmark's updates: small enough that random data never diverges. */
  private static final double LR = 1e-4;

  private static final double CLIP_NORM = 1.0;

  /** Progress callbacks, called on the benchmark's thread. */
  public interface Listener {
    Listener NONE = new Listener() {};

    /** A phase with {@code total} steps begins. */
    default void start(String task, long total) {}

    /** One step of the current phase is done. */
    default void step() {}

    /** The current phase is over. */
    default void end() {}
  }

  /**
   * What to run.
   *
   * @param model a {@link VitConfig} preset name
   * @param sizes image sides in pixels (each a training size: the model is built at that size)
   * @param channels image channels
   * @param batches images per step: one value for every size, or one per size
   * @param warmupSteps untimed steps before the timed ones
   * @param steps timed steps per size (memory growth is measured over them)
   * @param matmulSizes sides of the square matmuls tried for the peak
   * @param compareAttention also run every size with attention as explicit ops, before the fused run
   * @param seed weights, masking and input data
   */
  public record Options(
      String model, int[] sizes, int channels, int[] batches, int warmupSteps, int steps,
      int[] matmulSizes, boolean compareAttention, long seed) {
    public Options {
      VitConfig.preset(model);
      sizes = sizes.clone();
      batches = batches.clone();
      matmulSizes = matmulSizes.clone();
      if (sizes.length == 0 || matmulSizes.length == 0) {
        throw new IllegalArgumentException("need at least one image size and one matmul size");
      }
      if (batches.length != 1 && batches.length != sizes.length) {
        throw new IllegalArgumentException("give one batch size, or one per image size ("
            + sizes.length + "); got " + batches.length);
      }
      for (int b : batches) {
        if (b < 1) {
          throw new IllegalArgumentException("batch must be >= 1; got " + b);
        }
      }
      if (channels < 1 || warmupSteps < 0 || steps < 1) {
        throw new IllegalArgumentException("need channels, steps >= 1 and warmup >= 0; got "
            + channels + ", " + steps + ", " + warmupSteps);
      }
    }

    /** The batch size used at the {@code i}-th image size. */
    public int batch(int i) {
      return batches.length == 1 ? batches[0] : batches[i];
    }

    /** The MAE config benchmarked at one image size: the preset's encoder, AOI-SSL decoder. */
    public MaeConfig maeConfig(int size) {
      return MaeConfig.defaults(VitConfig.preset(model, size, channels));
    }
  }

  private final Listener listener;
  /** GFLOP/s of every timed matmul so far, for the median beside the best. */
  private final List<Double> matmulGflops = new ArrayList<>();

  public TrainBench(Listener listener) {
    this.listener = listener;
  }

  /**
   * Matmul peak, then each size in order (timing the peak again after each), all on the PyTorch
   * engine of this JVM.
   */
  public TrainBenchResult run(Options o) {
    Engine engine = Engine.getEngine("PyTorch");
    try (NDManager base = engine.newBaseManager()) {
      // The peak is timed again after every size and the best kept: on a shared machine a
      // transient load lowers one reading, never raises it.
      MatmulPeak peak = matmulPeak(base, o.matmulSizes(), 2, 5);
      List<TrainRate> rates = new ArrayList<>();
      boolean fused = Sdpa.fused() && Sdpa.DEFAULT_FUSED;
      for (int i = 0; i < o.sizes().length; i++) {
        MaeConfig config = o.maeConfig(o.sizes()[i]);
        if (o.compareAttention() && fused) {
          rates.add(trainRate(base, config, o.batch(i), o.warmupSteps(), o.steps(), o.seed(), false));
        }
        rates.add(trainRate(base, config, o.batch(i), o.warmupSteps(), o.steps(), o.seed(), fused));
        peak = faster(peak, matmulPeak(base, o.matmulSizes(), 1, 5));
      }
      return new TrainBenchResult(o.model(), o.channels(), JniUtils.getNumThreads(),
          JniUtils.getNumInteropThreads(), peak, median(matmulGflops), rates);
    }
  }

  private static MatmulPeak faster(MatmulPeak a, MatmulPeak b) {
    return b.flopsPerSecond() > a.flopsPerSecond() ? b : a;
  }

  /**
   * The fastest of {@code reps} timed {@code n×n} fp32 matmuls over every {@code n} in {@code sizes},
   * each side after {@code warmup} untimed ones.
   */
  public MatmulPeak matmulPeak(NDManager parent, int[] sizes, int warmup, int reps) {
    MatmulPeak best = null;
    listener.start("matmul", (long) sizes.length * (warmup + reps));
    for (int n : sizes) {
      try (NDManager m = parent.newSubManager()) {
        NDArray a = m.randomUniform(-1f, 1f, new Shape(n, n));
        NDArray b = m.randomUniform(-1f, 1f, new Shape(n, n));
        for (int i = 0; i < warmup + reps; i++) {
          long t0 = System.nanoTime();
          try (NDArray c = a.matMul(b)) {
            double s = (System.nanoTime() - t0) / 1e9;
            if (i >= warmup) {
              matmulGflops.add(MatmulPeak.flops(n) / s / 1e9);
              if (best == null || MatmulPeak.flops(n) / s > best.flopsPerSecond()) {
                best = new MatmulPeak(n, s);
              }
            }
          }
          listener.step();
        }
      }
    }
    listener.end();
    return best;
  }

  /**
   * Warm-up steps, then {@code steps} timed steps of one MAE config, with memory readings.
   *
   * @param fusedAttention libtorch's fused attention kernel, or explicit ops
   */
  public TrainRate trainRate(NDManager parent, MaeConfig config, int batch, int warmupSteps, int steps, long seed,
      boolean fusedAttention) {
    VitConfig e = config.encoder();
    Shape shape = new Shape(batch, e.channels(), e.imageSize(), e.imageSize());
    try (MaeModel model = MaeModel.create(config, parent, seed);
        AdamW optimizer = new AdamW(AdamW.Config.MAE, parent)) {
      model.useFusedAttention(fusedAttention);
      Stepper stepper = new Stepper(model, optimizer, shape, new SplittableRandom(seed));
      listener.start("warm-up " + e.imageSize() + "px", warmupSteps);
      for (int i = 0; i < warmupSteps; i++) {
        stepper.step(parent);
        listener.step();
      }
      listener.end();
      NDManager modelManager = model.params().manager();
      long rssWarm = ProcStatus.rssKb();
      int arraysWarm = modelManager.getManagedArrays().size();
      stepper.resetTimes();
      double[] stepSeconds = new double[steps];
      int traceEvery = Math.max(1, steps / 10);
      List<Long> trace = new ArrayList<>(List.of(rssWarm));
      listener.start("train " + e.imageSize() + "px", steps);
      long t0 = System.nanoTime();
      for (int i = 0; i < steps; i++) {
        stepSeconds[i] = stepper.step(parent);
        if ((i + 1) % traceEvery == 0) {
          trace.add(ProcStatus.rssKb());
        }
        listener.step();
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      listener.end();
      MemoryGrowth memory = new MemoryGrowth(steps, rssWarm, ProcStatus.rssKb(), arraysWarm,
          modelManager.getManagedArrays().size(), trace, traceEvery,
          Runtime.getRuntime().totalMemory() / 1024);
      int keep = MaeConfig.keptPatches(e.numPatches(), config.maskRatio());
      return new TrainRate(e.imageSize(), batch, 1 + keep, 1 + e.numPatches(), model.encoder().fusedAttention(),
          model.flopsPerImage(), steps, seconds, median(stepSeconds), stepper.meanTimes(steps),
          memory);
    }
  }

  private static double median(List<Double> values) {
    return median(values.stream().mapToDouble(Double::doubleValue).toArray());
  }

  static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  /** One training step at a time, accumulating per-phase nanoseconds. */
  private static final class Stepper {
    private final MaeModel model;
    private final AdamW optimizer;
    private final Shape shape;
    private final SplittableRandom rng;
    private final Map<String, NDArray> params = new LinkedHashMap<>();
    private final Set<String> noDecay = new HashSet<>();
    private final long[] nanos = new long[4];

    Stepper(MaeModel model, AdamW optimizer, Shape shape, SplittableRandom rng) {
      this.model = model;
      this.optimizer = optimizer;
      this.shape = shape;
      this.rng = rng;
      for (NamedParams.Entry entry : model.params().trainable()) {
        params.put(entry.name(), entry.array());
        if (!entry.decay()) {
          noDecay.add(entry.name());
        }
      }
    }

    /** Runs one step; returns its wall seconds. */
    double step(NDManager parent) {
      long t0 = System.nanoTime();
      long t1;
      long t2;
      long t3;
      long t4;
      try (NDManager m = parent.newSubManager();
          NDScope ignored = new NDScope()) {
        NDArray imgs = m.randomUniform(0f, 1f, shape);
        float loss;
        try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
          t1 = System.nanoTime();
          MaeModel.Output out = model.forward(imgs, rng);
          loss = out.loss().getFloat();
          t2 = System.nanoTime();
          gc.backward(out.loss());
          t3 = System.nanoTime();
        }
        optimizer.step(params, noDecay, LR, CLIP_NORM, optimizer.config().weightDecay());
        t4 = System.nanoTime();
        if (!Float.isFinite(loss)) {
          throw new IllegalStateException("non-finite loss " + loss + " at step "
              + optimizer.steps());
        }
      }
      long t5 = System.nanoTime();
      nanos[0] += t2 - t1;
      nanos[1] += t3 - t2;
      nanos[2] += t4 - t3;
      nanos[3] += (t1 - t0) + (t5 - t4);
      return (t5 - t0) / 1e9;
    }

    void resetTimes() {
      Arrays.fill(nanos, 0);
    }

    StepTimes meanTimes(int steps) {
      double d = steps * 1e9;
      return new StepTimes(nanos[0] / d, nanos[1] / d, nanos[2] / d, nanos[3] / d);
    }
  }
}
