package org.aoissl.pretrain.dino;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.SplittableRandom;
import org.aoissl.model.VitConfig;
import org.aoissl.pretrain.StepInfo;
import org.junit.jupiter.api.Test;

class KoLeoTest {
  @Test
  void lossIsMinusTheMeanLogDistanceToTheNearestOtherImageOfTheSameView() {
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      // View 0: (1,0), (0,1), (0.6,0.8) -> nearest cosines 0.6, 0.8, 0.8 -> distances √0.8, √0.4, √0.4.
      // View 1: (2,0), (0,3) (normalised: orthogonal) and (-1,0): nearest cosines 0, 0, 0 -> distances √2.
      // Rows of view 1 are scaled on purpose: the vectors are normalised first.
      float[] x = {1, 0, 0, 1, 0.6f, 0.8f, 2, 0, 0, 3, 0, -1};
      double view0 = -(Math.log(Math.sqrt(0.8)) + 2 * Math.log(Math.sqrt(0.4))) / 3;
      double view1 = -Math.log(Math.sqrt(2));
      assertThat(view0).isCloseTo(0.3426, within(1e-4));
      NDArray loss = KoLeo.loss(m.create(x, new Shape(6, 2)), 2);
      assertThat(loss.getFloat()).isCloseTo((float) ((view0 + view1) / 2), within(1e-5f));
    }
  }

  @Test
  void itsGradientPushesTheNearestPairApart() {
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      NDArray x = m.create(new float[] {1, 0, 0.8f, 0.6f, 0, 1}, new Shape(3, 2));
      x.setRequiresGradient(true);
      try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
        gc.backward(KoLeo.loss(x, 1));
      }
      float[] g = x.getGradient().toFloatArray();
      // Row 0 = (1,0) and row 1 = (0.8,0.6) are each other's nearest: descending the gradient turns row 0
      // away from row 1 (its y component down) and row 1 towards row 2 (its y component up).
      assertThat(g[1]).isPositive();
      assertThat(g[3]).isNegative();
    }
  }

  @Test
  void dinoAddsTheWeightedKoLeoOfTheStudentsGlobalViewClsToItsLoss() {
    VitConfig vit = VitConfig.preset("micro");
    DinoConfig plain = new DinoConfig(16, 24, 8, 1, 16, 0.4, 0.05, 0.4, 0.1, 0.04, 0.04, 0, 0.9, 0.996, 0.4, 1, 0);
    DinoConfig weighted = new DinoConfig(16, 24, 8, 1, 16, 0.4, 0.05, 0.4, 0.1, 0.04, 0.04, 0, 0.9, 0.996, 0.4, 1,
        0.5);
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager();
        DinoObjective a = new DinoObjective(vit, plain, m, 5);
        DinoObjective b = new DinoObjective(vit, weighted, m, 5)) {
      List<NDArray> views = List.of(m.randomNormal(new Shape(3, 2, 32, 32)),
          m.randomNormal(new Shape(3, 2, 32, 32)), m.randomNormal(new Shape(3, 2, 16, 16)));
      float withOut = lossOf(a, views);
      float with = lossOf(b, views);
      // The same seed gives the same weights: the difference is the regulariser alone.
      float koleo = KoLeo.loss(a.networks().studentCls(views.subList(0, 2)), 2).getFloat();
      assertThat(koleo).isGreaterThan(0.01f);
      assertThat(with - withOut).isCloseTo(0.5f * koleo, within(1e-4f));
    }
  }

  private static float lossOf(DinoObjective o, List<NDArray> views) {
    o.beginStep(new StepInfo(0, 10, 0, false));
    o.prepare(views, new SplittableRandom(1));
    return o.loss(views, new SplittableRandom(1)).getFloat();
  }

  @Test
  void aViewNeedsTwoImages() {
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      assertThatThrownBy(() -> KoLeo.loss(m.create(new float[] {1, 0, 0, 1}, new Shape(2, 2)), 2))
          .hasMessageContaining("at least 2 images");
    }
  }
}
