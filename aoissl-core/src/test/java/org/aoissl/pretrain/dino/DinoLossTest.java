package org.aoissl.pretrain.dino;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class DinoLossTest {
  // One image, K = 3, views: global 0, global 1, local 2.
  private static final float[] TEACHER = {1.0f, 0.0f, -1.0f, 0.5f, 0.5f, 0.0f};
  private static final float[] STUDENT = {0.2f, 0.1f, 0.0f, 0.0f, 0.3f, -0.3f, 1.0f, -1.0f, 0.0f};
  private static final float[] CENTER = {0.1f, 0.2f, -0.3f};

  @Test
  void lossOnHandMadeLogitsEqualsTheHandComputation() {
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      NDArray probs = DinoLoss.teacherProbs(m.create(TEACHER, new Shape(2, 3)), m.create(CENTER, new Shape(1, 3)), 0.5);
      // softmax((t - c) / 0.5): view 0 exp(1.8, -0.4, -1.4) normalised, view 1 exp(0.8, 0.6, 0.6) normalised.
      double[] p0 = {0.8683831875, 0.0962195998, 0.0353972126};
      double[] p1 = {0.3791524531, 0.3104237735, 0.3104237735};
      assertThat(probs.toFloatArray()).containsExactly(new float[] {(float) p0[0], (float) p0[1], (float) p0[2],
          (float) p1[0], (float) p1[1], (float) p1[2]}, within(1e-6f));
      // log_softmax(s / 0.25) of the three student views.
      double[] l0 = {-0.7512505137, -1.1512505137, -1.5512505137};
      double[] l1 = {-1.5306784602, -0.3306784602, -2.7306784602};
      double[] l2 = {-0.0184793026, -8.0184793026, -4.0184793026};
      // Pairs (teacher q, student v != q): (0,1), (0,2), (1,0), (1,2); the same-view pairs are skipped.
      double expected = (ce(p0, l1) + ce(p0, l2) + ce(p1, l0) + ce(p1, l2)) / 4;
      assertThat(expected).isCloseTo(1.8137100433, within(1e-9));
      NDArray loss = DinoLoss.loss(m.create(STUDENT, new Shape(3, 3)), probs, 0.25, 3);
      assertThat(loss.getFloat()).isCloseTo((float) expected, within(1e-5f));
    }
  }

  @Test
  void batchRowsAreViewMajorAndAveraged() {
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      // Two identical images: rows v·N + i, the loss is the mean over images, so unchanged.
      float[] t2 = new float[12];
      float[] s2 = new float[18];
      for (int v = 0; v < 3; v++) {
        for (int i = 0; i < 2; i++) {
          if (v < 2) {
            System.arraycopy(TEACHER, v * 3, t2, (v * 2 + i) * 3, 3);
          }
          System.arraycopy(STUDENT, v * 3, s2, (v * 2 + i) * 3, 3);
        }
      }
      NDArray c = m.create(CENTER, new Shape(1, 3));
      NDArray probs = DinoLoss.teacherProbs(m.create(t2, new Shape(4, 3)), c, 0.5);
      assertThat(DinoLoss.loss(m.create(s2, new Shape(6, 3)), probs, 0.25, 3).getFloat())
          .isCloseTo(1.81371f, within(1e-4f));
    }
  }

  @Test
  void centreIsAnEmaOfTheMeanTeacherOutputOverTheStep() {
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager();
        org.aoissl.model.NamedParams params = new org.aoissl.model.NamedParams(m.newSubManager(), 0);
        Centering centre = new Centering(params, "loss.center", 2, 0.9)) {
      assertThat(params.entry("loss.center").trainable()).isFalse();
      centre.accumulate(m.create(new float[] {1, 2, 3, 4}, new Shape(2, 2)));
      centre.accumulate(m.create(new float[] {5, 6}, new Shape(1, 2)));
      centre.update(); // mean (3, 4): c = 0.9·0 + 0.1·(3, 4)
      assertThat(centre.center().toFloatArray()).containsExactly(new float[] {0.3f, 0.4f}, within(1e-6f));
      centre.accumulate(m.create(new float[] {1, 1, 1, -1, -1, -1}, new Shape(1, 3, 2))); // any leading shape
      centre.update(); // mean (1/3, -1/3): c = 0.9·(0.3, 0.4) + 0.1·(1/3, -1/3)
      assertThat(centre.center().toFloatArray())
          .containsExactly(new float[] {0.27f + 0.1f / 3, 0.36f - 0.1f / 3}, within(1e-6f));
      centre.update(); // nothing accumulated: unchanged
      assertThat(centre.center().toFloatArray()).containsExactly(new float[] {0.27f + 0.1f / 3, 0.36f - 0.1f / 3},
          within(1e-6f));
    }
  }

  private static double ce(double[] p, double[] logq) {
    double s = 0;
    for (int k = 0; k < p.length; k++) {
      s -= p[k] * logq[k];
    }
    return s;
  }
}
