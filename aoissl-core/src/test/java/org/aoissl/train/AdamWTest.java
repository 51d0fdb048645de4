package org.aoissl.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AdamWTest {
  /** Hand computation of torch.optim.AdamW for one scalar over two steps. */
  private static double[] reference(double p, double[] grads, double lr, double wd, double b1, double b2,
      double eps, boolean decay) {
    double m = 0;
    double v = 0;
    double[] out = new double[grads.length];
    for (int t = 1; t <= grads.length; t++) {
      double g = grads[t - 1];
      if (decay) {
        p *= 1 - lr * wd;
      }
      m = b1 * m + (1 - b1) * g;
      v = b2 * v + (1 - b2) * g * g;
      double mh = m / (1 - Math.pow(b1, t));
      double vh = v / (1 - Math.pow(b2, t));
      p -= lr * mh / (Math.sqrt(vh) + eps);
      out[t - 1] = p;
    }
    return out;
  }

  @Test
  void twoStepsMatchTheHandComputationWithAndWithoutDecay() {
    try (NDManager mgr = Engine.getEngine("PyTorch").newBaseManager();
        AdamW opt = new AdamW(AdamW.Config.MAE, mgr)) {
      NDArray w = mgr.create(new float[] {0.5f, -1.0f});
      NDArray b = mgr.create(new float[] {2.0f});
      w.setRequiresGradient(true);
      b.setRequiresGradient(true);
      Map<String, NDArray> params = new LinkedHashMap<>();
      params.put("w", w);
      params.put("b", b);
      // loss = sum(c * w) + 3 * b  =>  grad w = c, grad b = 3
      float[][] cs = {{1f, -2f}, {0.5f, 4f}};
      for (float[] c : cs) {
        try (NDManager step = mgr.newSubManager();
            GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
          NDArray loss = w.mul(step.create(c)).sum().add(b.mul(3).sum());
          gc.backward(loss);
        }
        opt.step(params, Set.of("b"), 0.1, 0, 0.05);
      }
      double[] w0 = reference(0.5, new double[] {1, 0.5}, 0.1, 0.05, 0.9, 0.95, 1e-8, true);
      double[] w1 = reference(-1.0, new double[] {-2, 4}, 0.1, 0.05, 0.9, 0.95, 1e-8, true);
      double[] b0 = reference(2.0, new double[] {3, 3}, 0.1, 0.05, 0.9, 0.95, 1e-8, false);
      assertThat(w.toFloatArray()[0]).isEqualTo((float) w0[1], offset(1e-6f));
      assertThat(w.toFloatArray()[1]).isEqualTo((float) w1[1], offset(1e-6f));
      assertThat(b.toFloatArray()[0]).isEqualTo((float) b0[1], offset(1e-6f));
      assertThat(opt.steps()).isEqualTo(2);
      assertThat(opt.stateArrays()).containsOnlyKeys("m/w", "m/b", "v/w", "v/b");
    }
  }

  @Test
  void layerScalesMultiplyEachParametersRateAndDecayInBothPaths() {
    for (boolean fused : new boolean[] {true, false}) {
      try (NDManager mgr = Engine.getEngine("PyTorch").newBaseManager();
          AdamW opt = new AdamW(new AdamW.Config(0.9, 0.999, 1e-8, 0.05), mgr)) {
        opt.useFused(fused);
        NDArray w = mgr.create(new float[] {0.5f});
        NDArray u = mgr.create(new float[] {0.5f});
        w.setRequiresGradient(true);
        u.setRequiresGradient(true);
        Map<String, NDArray> params = new LinkedHashMap<>();
        params.put("blocks.0.w", w);
        params.put("head.u", u);
        double[] grads = {1.0, -3.0};
        for (double g : grads) {
          try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
            gc.backward(w.mul((float) g).sum().add(u.mul((float) g).sum()));
          }
          opt.step(params, Set.of(), Map.of("blocks.0.w", 0.25), 0.1, 0, 0.05);
        }
        // blocks.0.w learns (and decays) at 0.025, head.u at 0.1, as separate PyTorch parameter groups would.
        double[] ws = reference(0.5, grads, 0.025, 0.05, 0.9, 0.999, 1e-8, true);
        double[] us = reference(0.5, grads, 0.1, 0.05, 0.9, 0.999, 1e-8, true);
        assertThat(w.toFloatArray()[0]).as("fused=%s", fused).isEqualTo((float) ws[1], offset(1e-6f));
        assertThat(u.toFloatArray()[0]).as("fused=%s", fused).isEqualTo((float) us[1], offset(1e-6f));
        assertThat(ws[1]).isNotCloseTo(us[1], offset(1e-3)); // the scale matters
      }
    }
  }

  @Test
  void globalNormClippingScalesEveryGradient() {
    try (NDManager mgr = Engine.getEngine("PyTorch").newBaseManager();
        AdamW opt = new AdamW(new AdamW.Config(0.0, 0.0, 1e-8, 0), mgr)) {
      NDArray w = mgr.create(new float[] {0f, 0f});
      w.setRequiresGradient(true);
      try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
        gc.backward(w.mul(mgr.create(new float[] {3f, 4f})).sum());
      }
      // beta 0: m = g, v = g^2, so the step is lr * g/|g| per element whatever the scale; the norm is reported.
      double norm = opt.step(Map.of("w", w), Set.of(), 1.0, 1.0, 0);
      assertThat(norm).isEqualTo(5.0, offset(1e-6));
      assertThat(opt.stateArrays().get("m/w").toFloatArray()).containsExactly(new float[] {0.6f, 0.8f}, offset(1e-5f));
    }
  }

  @Test
  void aNonFiniteGradientSkipsTheUpdateAndLeavesWeightsAndMomentsAlone() {
    for (boolean fused : new boolean[] {true, false}) {
      skipsNonFinite(fused);
    }
  }

  private static void skipsNonFinite(boolean fused) {
    try (NDManager mgr = Engine.getEngine("PyTorch").newBaseManager();
        AdamW opt = new AdamW(AdamW.Config.MAE, mgr)) {
      opt.useFused(fused);
      NDArray w = mgr.create(new float[] {1f, 2f});
      w.setRequiresGradient(true);
      try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
        gc.backward(w.mul(mgr.create(new float[] {1f, 1f})).sum());
      }
      opt.step(Map.of("w", w), Set.of(), 0.1, 0, 0.05);
      float[] after1 = w.toFloatArray();
      float[] m1 = opt.stateArrays().get("m/w").toFloatArray();
      try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
        gc.backward(w.mul(mgr.create(new float[] {Float.NaN, 1f})).sum());
      }
      double norm = opt.step(Map.of("w", w), Set.of(), 0.1, 0, 0.05);
      assertThat(norm).isNaN();
      assertThat(w.toFloatArray()).containsExactly(after1);
      assertThat(opt.stateArrays().get("m/w").toFloatArray()).containsExactly(m1);
      assertThat(opt.skippedSteps()).isEqualTo(1);
      assertThat(w.getGradient().toFloatArray()).containsExactly(0f, 0f);
    }
  }

  @Test
  void fusedKernelsGiveTheElementwiseResultOverSeveralClippedSteps() {
    long seed = 21;
    System.out.println("AdamWTest seed " + seed);
    try (NDManager mgr = Engine.getEngine("PyTorch").newBaseManager()) {
      assertThat(FusedAdamW.usable(List.of(mgr.zeros(new ai.djl.ndarray.types.Shape(1))))).isTrue();
      mgr.getEngine().setRandomSeed((int) seed);
      Map<String, NDArray> a = new LinkedHashMap<>();
      Map<String, NDArray> b = new LinkedHashMap<>();
      String[] names = {"w", "bias", "token"};
      ai.djl.ndarray.types.Shape[] shapes = {
        new ai.djl.ndarray.types.Shape(7, 5), new ai.djl.ndarray.types.Shape(5),
        new ai.djl.ndarray.types.Shape(1, 1, 3)
      };
      for (int i = 0; i < names.length; i++) {
        NDArray init = mgr.randomNormal(shapes[i]);
        a.put(names[i], init.duplicate());
        b.put(names[i], init.duplicate());
      }
      a.values().forEach(x -> x.setRequiresGradient(true));
      b.values().forEach(x -> x.setRequiresGradient(true));
      try (AdamW fused = new AdamW(AdamW.Config.MAE, mgr);
          AdamW plain = new AdamW(AdamW.Config.MAE, mgr)) {
        plain.useFused(false);
        for (int step = 0; step < 3; step++) {
          // Large gradients on step 1 so that clipping applies there.
          float size = step == 1 ? 50f : 0.5f;
          Map<String, NDArray> weights = new LinkedHashMap<>();
          for (int i = 0; i < names.length; i++) {
            weights.put(names[i], mgr.randomNormal(shapes[i]).mul(size));
          }
          double[] norms = new double[2];
          for (int path = 0; path < 2; path++) {
            Map<String, NDArray> p = path == 0 ? a : b;
            try (NDManager s = mgr.newSubManager();
                GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
              NDArray loss = null;
              for (String n : names) {
                NDArray t = p.get(n).mul(weights.get(n)).sum();
                loss = loss == null ? t : loss.add(t);
              }
              gc.backward(loss);
            }
            norms[path] = (path == 0 ? fused : plain).step(p, Set.of("bias", "token"), 0.01, 1.0, 0.05);
          }
          assertThat(norms[0]).isCloseTo(norms[1], offset(1e-5 * norms[1]));
          for (String n : names) {
            float[] x = a.get(n).toFloatArray();
            float[] y = b.get(n).toFloatArray();
            for (int i = 0; i < x.length; i++) {
              assertThat(x[i]).as("%s[%d] after step %d", n, i, step).isEqualTo(y[i], offset(1e-6f));
            }
            try (NDArray g = a.get(n).getGradient()) {
              assertThat(g.abs().max().getFloat()).as("gradient zeroed").isZero();
            }
          }
          for (String k : plain.stateArrays().keySet()) {
            float[] x = fused.stateArrays().get(k).toFloatArray();
            float[] y = plain.stateArrays().get(k).toFloatArray();
            for (int i = 0; i < x.length; i++) {
              assertThat(x[i]).as("%s[%d]", k, i).isEqualTo(y[i], offset(1e-6f + 1e-5f * Math.abs(y[i])));
            }
          }
        }
      }
    }
  }

  @Test
  void aParameterJoiningLateStartsItsOwnBiasCorrectionAndKeepsItAcrossRestore() {
    for (boolean fused : new boolean[] {true, false}) {
      try (NDManager mgr = Engine.getEngine("PyTorch").newBaseManager();
          AdamW opt = new AdamW(new AdamW.Config(0.9, 0.999, 1e-8, 0), mgr);
          AdamW resumed = new AdamW(new AdamW.Config(0.9, 0.999, 1e-8, 0), mgr)) {
        opt.useFused(fused);
        resumed.useFused(fused);
        NDArray a = mgr.create(new float[] {1f});
        NDArray late = mgr.create(new float[] {1f});
        a.setRequiresGradient(true);
        late.setRequiresGradient(true);
        // Three steps of "a" alone (DINO's frozen last layer), then both.
        for (int s = 0; s < 3; s++) {
          grad(mgr, a, late, 2f);
          AdamW.zero(late.getGradient());
          opt.step(Map.of("a", a), Set.of(), 0.1, 0, 0);
        }
        grad(mgr, a, late, 2f);
        opt.step(new LinkedHashMap<>(Map.of("a", a, "late", late)), Set.of(), 0.1, 0, 0);
        // Its first update is torch's first AdamW step (t = 1): p − lr·g/(|g| + eps).
        double[] first = reference(1.0, new double[] {2}, 0.1, 0, 0.9, 0.999, 1e-8, false);
        assertThat(late.toFloatArray()[0]).as("fused %s", fused).isEqualTo((float) first[0], offset(1e-6f));
        assertThat(opt.stateArrays()).containsKeys("t0/late").doesNotContainKey("t0/a");
        // Saved and restored, the next update continues with t = 2 for it (and 5 for "a").
        resumed.restore(opt.stateArrays(), opt.steps());
        NDArray late2 = mgr.create(late.toFloatArray());
        late2.setRequiresGradient(true);
        NDArray a2 = mgr.create(a.toFloatArray());
        a2.setRequiresGradient(true);
        grad(mgr, a2, late2, 2f);
        resumed.step(new LinkedHashMap<>(Map.of("a", a2, "late", late2)), Set.of(), 0.1, 0, 0);
        double[] two = reference(1.0, new double[] {2, 2}, 0.1, 0, 0.9, 0.999, 1e-8, false);
        assertThat(late2.toFloatArray()[0]).as("fused %s", fused).isEqualTo((float) two[1], offset(1e-6f));
        double[] five = reference(1.0, new double[] {2, 2, 2, 2, 2}, 0.1, 0, 0.9, 0.999, 1e-8, false);
        assertThat(a2.toFloatArray()[0]).as("fused %s", fused).isEqualTo((float) five[4], offset(1e-6f));
      }
    }
  }

  /** Gradient c for both scalars: loss = c·a + c·late. */
  private static void grad(NDManager mgr, NDArray a, NDArray late, float c) {
    try (NDManager step = mgr.newSubManager();
        GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
      gc.backward(a.mul(c).sum().add(late.mul(c).sum()));
    }
  }

  @Test
  void perParameterClippingScalesEachGradientOnItsOwn() {
    try (NDManager mgr = Engine.getEngine("PyTorch").newBaseManager()) {
      NDArray w = mgr.create(new float[] {0f, 0f});
      NDArray b = mgr.create(new float[] {0f});
      w.setRequiresGradient(true);
      b.setRequiresGradient(true);
      try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
        gc.backward(w.mul(mgr.create(new float[] {3f, 4f})).sum().add(b.mul(0.5f).sum()));
      }
      double norm = GradClip.perParameter(new LinkedHashMap<>(Map.of("w", w, "b", b)), 1.0);
      assertThat(norm).isCloseTo(Math.sqrt(25 + 0.25), offset(1e-5));
      // |g_w| = 5 > 1: scaled by 1/(5 + 1e-6); |g_b| = 0.5: untouched.
      assertThat(w.getGradient().toFloatArray()).containsExactly(new float[] {0.6f, 0.8f}, offset(1e-5f));
      assertThat(b.getGradient().toFloatArray()).containsExactly(new float[] {0.5f}, offset(1e-6f));
    }
  }
}
