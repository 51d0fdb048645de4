package org.aoissl.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.SplittableRandom;
import org.aoissl.retrieval.ScoreMaps;
import org.junit.jupiter.api.Test;

class InterpolateTest {
  @Test
  void bilinearEqualsTheJavaPyTorchSemanticsAndPassesGradients() {
    long seed = 5;
    System.out.println("InterpolateTest seed " + seed);
    SplittableRandom r = new SplittableRandom(seed);
    float[] v = new float[2 * 3 * 4];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextDouble(-1, 1);
    }
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      NDArray x = m.create(v, new Shape(1, 2, 3, 4));
      x.setRequiresGradient(true);
      float[] expected = ScoreMaps.upsample(v, 2, 3, 4, 7, 9);
      try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
        NDArray y = Interpolate.bilinear(x, 7, 9);
        assertThat(y.getShape()).isEqualTo(new Shape(1, 2, 7, 9));
        float[] got = y.toFloatArray();
        for (int i = 0; i < got.length; i++) {
          assertThat(got[i]).isEqualTo(expected[i], offset(1e-5f));
        }
        gc.backward(y.sum());
      }
      // Every output pixel's weights sum to 1, so the input gradients of sum(y) add up to 7·9 per channel.
      float[] g = x.getGradient().toFloatArray();
      double c0 = 0;
      for (int i = 0; i < 12; i++) {
        c0 += g[i];
      }
      assertThat(c0).isEqualTo(63.0, offset(1e-4));
    }
  }

  @Test
  void upsample2xEqualsTheJavaPyTorchSemanticsAndItsGradientsAreFinite() {
    SplittableRandom r = new SplittableRandom(11);
    float[] v = new float[2 * 3 * 5 * 7];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextDouble(-1, 1);
    }
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      NDArray x = m.create(v, new Shape(2, 3, 5, 7));
      x.setRequiresGradient(true);
      float[] expected = ScoreMaps.upsample(v, 6, 5, 7, 10, 14);
      try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
        NDArray y = Interpolate.upsample2x(x);
        assertThat(y.getShape()).isEqualTo(new Shape(2, 3, 10, 14));
        float[] got = y.toFloatArray();
        for (int i = 0; i < got.length; i++) {
          assertThat(got[i]).isEqualTo(expected[i], offset(1e-5f));
        }
        // Concatenated with a skip, as in a U-Net's decoder.
        gc.backward(x.concat(y.get(":, :, 0:5, 0:7"), 1).square().sum());
      }
      for (float g : x.getGradient().toFloatArray()) {
        assertThat(g).isFinite();
      }
    }
  }
}
