package org.aoissl.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.engine.PtNDArray;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * AdamW with decoupled weight decay, per-parameter decay exemptions and global-norm gradient clipping,
 * as {@code torch.optim.AdamW} computes it. Its moments are NDArrays it owns on a long-lived manager, so
 * they can be saved in checkpoints and restored for an exact resume (DJL's own optimizer keeps neither
 * per-parameter decay nor savable moments).
 *
 * <p>Per parameter p with gradient g at step t (1-based): {@code p ← p·(1 − lr·wd)} (skipped for
 * exempt names), {@code m ← β1·m + (1−β1)·g}, {@code v ← β2·v + (1−β2)·g²}, {@code p ← p − lr·m̂/(√v̂ + ε)}
 * with {@code m̂ = m/(1−β1^t)}, {@code v̂ = v/(1−β2^t)}.
 *
 * <p>Each parameter's bias correction counts the updates it has had, as {@code torch.optim.AdamW}'s
 * per-parameter {@code step} does: a parameter left out of the first updates (DINO freezes its last
 * layer during the first epoch) starts at t = 1 when it joins. Such late starts are saved as {@code
 * t0/NAME} (the global step before its first update); a run where every parameter starts together
 * saves only the moments.
 *
 * <p>On the PyTorch engine the clipping and the update run in libtorch's multi-tensor kernels
 * ({@link FusedAdamW}: one pass per tensor instead of about twenty element-wise ops); the results
 * agree with the element-wise path to float rounding, which remains the fallback ({@code
 * -Daoissl.fusedAdamW=false}).
 */
public final class AdamW implements AutoCloseable {
  /** Hyper-parameters; MAE's defaults are betas (0.9, 0.95), eps 1e-8, weight decay 0.05. */
  public record Config(double beta1, double beta2, double eps, double weightDecay) {
    public static final Config MAE = new Config(0.9, 0.95, 1e-8, 0.05);

    public Config {
      if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
        throw new IllegalArgumentException("betas must be in [0, 1); got " + beta1 + ", " + beta2);
      }
      if (!(eps > 0) || weightDecay < 0) {
        throw new IllegalArgumentException("need eps > 0 and weightDecay >= 0; got " + eps + ", " + weightDecay);
      }
    }
  }

  private final Config config;
  private final NDManager state;
  private volatile boolean fused = FusedAdamW.DEFAULT;
  private final Map<String, NDArray> m = new LinkedHashMap<>();
  private final Map<String, NDArray> v = new LinkedHashMap<>();
  private final Map<String, Long> start = new LinkedHashMap<>();
  private final Map<String, NDArray> startArrays = new LinkedHashMap<>();
  private long step;
  private long skipped;

  /** {@code parent} must outlive the optimizer; the moments live on a child of it. */
  public AdamW(Config config, NDManager parent) {
    this.config = config;
    this.state = parent.newSubManager();
  }

  /**
   * Libtorch's fused multi-tensor kernels (the default, when reachable) or element-wise ops: the same
   * update; for tests and benchmarks of this optimizer alone.
   */
  public void useFused(boolean on) {
    fused = on;
  }

  public Config config() {
    return config;
  }

  /** Updates skipped because the gradient was not finite. */
  public long skippedSteps() {
    return skipped;
  }

  /** Steps taken so far (skipped ones included, so the schedule and bias correction stay aligned). */
  public long steps() {
    return step;
  }

  /**
   * Updates every parameter in place from its gradient, then zeroes the gradients (they accumulate over
   * backward passes until a step, which is how gradient accumulation works).
   *
   * @param params parameters by stable name (arrays with gradients attached)
   * @param noDecay names exempt from weight decay (biases, norms, tokens, position embeddings)
   * @param lr learning rate of this step
   * @param clipNorm global gradient-norm limit; {@code <= 0} for none
   * @param weightDecay decay of this step (a schedule may change it; pass {@code config().weightDecay()})
   * @return the global gradient norm before clipping; when it is not finite nothing is updated
   */
  public double step(Map<String, NDArray> params, Set<String> noDecay, double lr, double clipNorm,
      double weightDecay) {
    return step(params, noDecay, Map.of(), lr, clipNorm, weightDecay);
  }

  /**
   * As {@link #step(Map, Set, double, double, double)}, with each parameter's learning rate (and so its
   * decoupled decay, as a PyTorch parameter group's) multiplied by its entry in {@code lrScale} (1 when
   * absent): layer-wise learning-rate decay in fine-tuning.
   */
  public double step(Map<String, NDArray> params, Set<String> noDecay, Map<String, Double> lrScale, double lr,
      double clipNorm, double weightDecay) {
    step++;
    double b1 = config.beta1();
    double b2 = config.beta2();
    try (NDScope ignored = new NDScope()) {
      if (fused && FusedAdamW.usable(params.values())) {
        return fusedStep(params, noDecay, lrScale, lr, clipNorm, weightDecay);
      }
      Map<String, NDArray> grads = new LinkedHashMap<>();
      NDArray sq = null;
      for (Map.Entry<String, NDArray> e : params.entrySet()) {
        NDArray g = e.getValue().getGradient();
        grads.put(e.getKey(), g);
        NDArray s = g.square().sum();
        sq = sq == null ? s : sq.addi(s);
      }
      // One host sync for the global norm, not one per parameter.
      double norm = Math.sqrt(sq.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble());
      if (!Double.isFinite(norm)) {
        // A NaN/inf gradient would poison every weight and moment: skip the update, as AMP's scaler does.
        grads.values().forEach(AdamW::zero);
        skipped++;
        return norm;
      }
      double scale = clipNorm > 0 && norm > clipNorm ? clipNorm / (norm + 1e-6) : 1.0;
      for (Map.Entry<String, NDArray> e : params.entrySet()) {
        String name = e.getKey();
        NDArray p = e.getValue();
        NDArray grad = grads.get(name);
        double lri = lr * lrScale.getOrDefault(name, 1.0);
        NDArray mi = m.computeIfAbsent(name, k -> zerosLike(p));
        NDArray vi = v.computeIfAbsent(name, k -> zerosLike(p));
        long t = updatesOf(name);
        double bc1 = 1 - Math.pow(b1, t);
        double bc2 = 1 - Math.pow(b2, t);
        NDArray g = scale != 1.0 ? grad.mul(scale) : grad;
        mi.muli(b1).addi(g.mul(1 - b1));
        vi.muli(b2).addi(g.square().muli(1 - b2));
        if (weightDecay > 0 && !noDecay.contains(name)) {
          p.muli(1 - lri * weightDecay);
        }
        // p -= (lr / bc1) * m / (sqrt(v) / sqrt(bc2) + eps)
        NDArray denom = vi.sqrt().muli(1 / Math.sqrt(bc2)).addi(config.eps());
        p.subi(mi.mul(lri / bc1).divi(denom));
        // PyTorch accumulates into .grad across backward passes: clear it for the next step.
        zero(grad);
      }
      return norm;
    }
  }

  /** Fills a gradient with zeros in place (multiplying by 0 would keep NaNs). */
  public static void zero(NDArray grad) {
    grad.set(new ai.djl.ndarray.index.NDIndex("..."), 0f);
  }

  /** The same update through libtorch's multi-tensor kernels (see {@link FusedAdamW}). */
  private double fusedStep(Map<String, NDArray> params, Set<String> noDecay, Map<String, Double> lrScale,
      double lr, double clipNorm, double weightDecay) {
    List<PtNDArray> grads = new ArrayList<>();
    for (NDArray p : params.values()) {
      grads.add((PtNDArray) p.getGradient());
    }
    double norm = FusedAdamW.clip(grads, clipNorm);
    if (!Double.isFinite(norm)) {
      grads.forEach(AdamW::zero); // skip the update, as in the element-wise path
      skipped++;
      return norm;
    }
    // Each update count as the float tensor the kernel reads.
    Map<Long, PtNDArray> counts = new LinkedHashMap<>();
    for (String name : params.keySet()) {
      counts.computeIfAbsent(updatesOf(name), t -> (PtNDArray) state.create((float) (long) t));
    }
    // One kernel call per group of (update count, decayed, lr scale), in first-seen order.
    Map<List<Object>, List<List<PtNDArray>>> groups = new LinkedHashMap<>();
    int i = 0;
    for (Map.Entry<String, NDArray> e : params.entrySet()) {
      String name = e.getKey();
      NDArray p = e.getValue();
      List<Object> key = List.of(updatesOf(name), !noDecay.contains(name), lrScale.getOrDefault(name, 1.0));
      List<List<PtNDArray>> g = groups.computeIfAbsent(key,
          k -> List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>()));
      g.get(0).add((PtNDArray) p);
      g.get(1).add(grads.get(i++));
      g.get(2).add((PtNDArray) m.computeIfAbsent(name, k -> zerosLike(p)));
      g.get(3).add((PtNDArray) v.computeIfAbsent(name, k -> zerosLike(p)));
    }
    groups.forEach((key, g) -> {
      boolean decayed = (Boolean) key.get(1);
      FusedAdamW.update(g.get(0), g.get(1), g.get(2), g.get(3), counts.get((Long) key.get(0)),
          lr * (Double) key.get(2), config, decayed ? weightDecay : 0);
    });
    return norm;
  }

  /**
   * This step's update count of a parameter (1-based): the global step minus the steps before its
   * first update. A parameter seen for the first time starts now.
   */
  private long updatesOf(String name) {
    Long s0 = start.get(name);
    if (s0 == null) {
      s0 = step - 1;
      start.put(name, s0);
      if (s0 != 0) {
        NDArray a = state.create(new float[] {s0}, new ai.djl.ndarray.types.Shape(1));
        NDScope.unregister(a);
        startArrays.put(name, a);
      }
    }
    return step - s0;
  }

  private NDArray zerosLike(NDArray p) {
    NDArray z = state.zeros(p.getShape(), p.getDataType());
    // Created inside the caller's scope, but it must outlive it.
    NDScope.unregister(z);
    return z;
  }

  /** Moments by name ("m/NAME", "v/NAME") for checkpoints; the arrays stay owned by the optimizer. */
  public Map<String, NDArray> stateArrays() {
    Map<String, NDArray> out = new LinkedHashMap<>();
    m.forEach((k, a) -> out.put("m/" + k, a));
    v.forEach((k, a) -> out.put("v/" + k, a));
    startArrays.forEach((k, a) -> out.put("t0/" + k, a));
    return out;
  }

  /** Restores moments and step count saved by {@link #stateArrays()} and {@link #steps()}. */
  public void restore(Map<String, NDArray> arrays, long steps) {
    m.values().forEach(NDArray::close);
    v.values().forEach(NDArray::close);
    startArrays.values().forEach(NDArray::close);
    m.clear();
    v.clear();
    start.clear();
    startArrays.clear();
    arrays.forEach((k, a) -> {
      NDArray copy = state.create(a.getShape(), a.getDataType());
      a.copyTo(copy);
      if (k.startsWith("t0/")) {
        start.put(k.substring(3), (long) copy.toFloatArray()[0]);
        startArrays.put(k.substring(3), copy);
      } else if (k.startsWith("m/")) {
        m.put(k.substring(2), copy);
      } else if (k.startsWith("v/")) {
        v.put(k.substring(2), copy);
      } else {
        throw new IllegalArgumentException("not an AdamW state name: " + k);
      }
    });
    for (String name : m.keySet()) {
      start.putIfAbsent(name, 0L); // updated from the first step on
    }
    this.step = steps;
  }

  @Override
  public void close() {
    state.close();
  }
}
