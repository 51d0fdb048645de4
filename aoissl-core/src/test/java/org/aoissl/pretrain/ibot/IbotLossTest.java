package org.aoissl.pretrain.ibot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class IbotLossTest {
  // Two global views of one image, 3 patches, K = 2. View 0 masks patches 0 and 2, view 1 nothing.
  private static final float[] TEACHER = {0.9f, 0.1f, 0.5f, 0.5f, 0.2f, 0.8f, 0.3f, 0.7f, 0.6f, 0.4f, 0.5f, 0.5f};
  private static final float[] STUDENT = {1, 0, 5, -5, 0, 0.5f, 0, 0, 1, 1, 2, 0};
  private static final float[] MASKS = {1, 0, 1, 0, 0, 0};

  @Test
  void patchLossCountsOnlyMaskedTokensPerImageThenAveragesImagesAndViews() {
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      NDArray t = m.create(TEACHER, new Shape(2, 3, 2));
      NDArray masks = m.create(MASKS, new Shape(2, 3));
      // CE(t, log_softmax(s / 0.5)) at the masked tokens of view 0:
      // patch 0: -(0.9·log σ(2) + 0.1·log σ(-2)) = 0.326928011; patch 2: -(0.2·log σ(-1) + 0.8·log σ(1)) = 0.513261688
      double view0 = (0.3269280110 + 0.5132616875) / 2;
      double view1 = 0; // no masked token: contributes 0 (divided by max(0, 1))
      double expected = (view0 + view1) / 2;
      float loss = IbotLoss.patchLoss(m.create(STUDENT, new Shape(2, 3, 2)), t, masks, 0.5).getFloat();
      assertThat(loss).isCloseTo((float) expected, within(1e-6f));
      assertThat(expected).isCloseTo(0.2100474246, within(1e-9));

      // Unmasked tokens do not matter: change them wildly, the loss stays.
      float[] other = STUDENT.clone();
      other[2] = -40;
      other[3] = 40; // view 0 patch 1 (unmasked)
      for (int i = 6; i < 12; i++) {
        other[i] = i * 7; // all of view 1
      }
      assertThat(IbotLoss.patchLoss(m.create(other, new Shape(2, 3, 2)), t, masks, 0.5).getFloat())
          .isCloseTo(loss, within(1e-6f));
      // A masked one does.
      other[0] = -3;
      assertThat(IbotLoss.patchLoss(m.create(other, new Shape(2, 3, 2)), t, masks, 0.5).getFloat())
          .isGreaterThan(loss + 0.1f);
    }
  }

  @Test
  void totalIsTheWeightedSumOfClsAndPatchParts() {
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      NDArray tCls = m.create(new float[] {0.7f, 0.3f, 0.4f, 0.6f}, new Shape(2, 2));
      NDArray sCls = m.create(new float[] {0.1f, 0.2f, -0.3f, 0.4f}, new Shape(2, 2));
      IbotLoss.Parts parts = IbotLoss.loss(sCls, tCls, m.create(STUDENT, new Shape(2, 3, 2)),
          m.create(TEACHER, new Shape(2, 3, 2)), m.create(MASKS, new Shape(2, 3)), 0.5, 2, 1.0, 0.5);
      assertThat(parts.loss().getFloat()).isCloseTo(parts.cls().getFloat() + 0.5f * parts.patch().getFloat(),
          within(1e-6f));
      assertThat(parts.patch().getFloat()).isCloseTo(0.2100474f, within(1e-6f));
    }
  }
}
