package org.aoissl.pretrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
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
    try (NDManager mgr = Engine.getEngine("PyTorch").newBaseManager();
        AdamW opt = new AdamW(AdamW.Config.MAE, mgr)) {
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
}
