package org.aoissl.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SdpaTest {
  private NDManager manager;

  @BeforeEach
  void open() {
    manager = Engine.getEngine("PyTorch").newBaseManager();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  @Test
  void theFusedKernelLoadsFromTheShippedNativeLibrary() {
    assertThat(Sdpa.fused()).isTrue();
  }

  @Test
  void fusedValuesAndGradientsEqualTheExplicitOps() {
    // Several calls: TorchScript's executor profiles the first runs and optimises later ones.
    for (int call = 0; call < 4; call++) {
      long seed = 100 + call;
      manager.getEngine().setRandomSeed((int) seed);
      System.out.println("SdpaTest seed " + seed);
      try (NDManager m = manager.newSubManager()) {
        Shape s = new Shape(2, 3, 17, 8);
        NDArray[] qkv = {m.randomNormal(s), m.randomNormal(s), m.randomNormal(s)};
        NDArray w = m.randomNormal(s);
        float[][] fused = run(qkv, w, true);
        float[][] explicit = run(qkv, w, false);
        for (int i = 0; i < 4; i++) {
          assertThat(fused[i]).hasSameSizeAs(explicit[i]);
          for (int j = 0; j < fused[i].length; j++) {
            assertThat(Math.abs(fused[i][j] - explicit[i][j])).as("output %d value %d", i, j)
                .isLessThan(1e-5f + 1e-5f * Math.abs(explicit[i][j]));
          }
        }
      }
    }
  }

  /** Output, then the gradients of sum(out·w) with respect to q, k and v (fresh leaves). */
  private static float[][] run(NDArray[] inputs, NDArray w, boolean fused) {
    NDArray[] qkv = new NDArray[3];
    for (int i = 0; i < 3; i++) {
      qkv[i] = inputs[i].duplicate();
      qkv[i].setRequiresGradient(true);
    }
    NDArray out;
    try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
      out = fused ? Sdpa.attend(qkv[0], qkv[1], qkv[2]) : Sdpa.explicit(qkv[0], qkv[1], qkv[2]);
      gc.backward(out.mul(w).sum());
    }
    float[][] r = new float[4][];
    r[0] = out.toFloatArray();
    for (int i = 0; i < 3; i++) {
      try (NDArray g = qkv[i].getGradient()) {
        r[1 + i] = g.toFloatArray();
      }
    }
    return r;
  }

  @Test
  void withoutGradModeItComputesTheSameValuesAndRecordsNothing() {
    Shape s = new Shape(1, 2, 5, 4);
    NDArray q = manager.randomNormal(s);
    NDArray k = manager.randomNormal(s);
    NDArray v = manager.randomNormal(s);
    NDArray fused = Sdpa.attend(q, k, v);
    assertThat(fused.getManager()).isSameAs(manager);
    assertThat(fused.getShape()).isEqualTo(s);
    assertThat(fused.hasGradient()).isFalse();
    float[] a = fused.toFloatArray();
    float[] b = Sdpa.explicit(q, k, v).toFloatArray();
    for (int i = 0; i < a.length; i++) {
      assertThat(Math.abs(a[i] - b[i])).isLessThan(1e-5f);
    }
  }

  @Test
  void oneKeyGivesItsValueExactly() {
    // With a single key the softmax weight is 1 whatever the scores: out = v.
    NDArray q = manager.randomNormal(new Shape(1, 1, 3, 4));
    NDArray k = manager.randomNormal(new Shape(1, 1, 1, 4));
    NDArray v = manager.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 1, 4));
    float[] out = Sdpa.attend(q, k, v).toFloatArray();
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 4; j++) {
        assertThat(out[i * 4 + j]).isEqualTo(j + 1f);
      }
    }
  }
}
