package org.aoissl.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TiledLogitsTest {
  @Test
  void tiledLogitsEqualWholeImageLogits() {
    // Depth 2: a pixel's logits depend on inputs up to 25 px away (measured: crops differ from the whole
    // image up to 24 px from their cut, not beyond), so an overlap of 100 puts every corrupted pixel in
    // the zero-weight guard band (overlap / 4 = 25). BatchNorm in inference is local; GroupNorm's
    // statistics span the whole map, so no tiling reproduces it.
    UNetConfig cfg = new UNetConfig(2, 3, 4, 2, "batch", "bilinear");
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager(); UNet net = new UNet(cfg, m, 9);
        NDManager step = m.newSubManager()) {
      SplittableRandom r = new SplittableRandom(4);
      float[] v = new float[2 * 150 * 230];
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) r.nextGaussian();
      }
      NDArray image = step.create(v, new Shape(1, 2, 150, 230));
      net.forward(image, true); // running statistics away from their initial (0, 1)
      float[] whole = net.forward(image, false).toFloatArray();
      int[] calls = {0};
      NDArray tiled = TiledLogits.forward(x -> {
        calls[0]++;
        return net.forward(x, false);
      }, image, 128, 100, cfg.multiple());
      assertThat(tiled.getShape()).isEqualTo(new Shape(1, 3, 150, 230));
      assertThat(calls[0]).isEqualTo(2 * 5); // rows at 0, 24; columns at 0, 28, 56, 84, 104
      float[] t = tiled.toFloatArray();
      double maxDiff = 0;
      for (int i = 0; i < t.length; i++) {
        maxDiff = Math.max(maxDiff, Math.abs(t[i] - whole[i]));
      }
      assertThat(maxDiff).isLessThan(1e-3);
    }
  }

  @Test
  void anImageWithinOneTileRunsWhole() {
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      NDArray image = m.ones(new Shape(1, 1, 30, 64));
      int[] calls = {0};
      NDArray out = TiledLogits.forward(x -> {
        calls[0]++;
        return x.mul(2);
      }, image, 64, 16, 4);
      assertThat(calls[0]).isEqualTo(1);
      assertThat(out.getShape()).isEqualTo(new Shape(1, 1, 30, 64));
    }
  }

  @Test
  void spansAreAlignedCoverTheSideAndOverlapByAtLeastTheOverlap() {
    for (int length : new int[] {1, 17, 64, 65, 70, 150, 301}) {
      for (int[] t : new int[][] {{64, 32, 4}, {64, 0, 1}, {32, 24, 8}, {16, 15, 1}, {64, 48, 16}}) {
        List<int[]> spans = TiledLogits.spans(length, t[0], t[1], t[2]);
        assertThat(spans.get(0)[0]).isZero();
        int[] last = spans.get(spans.size() - 1);
        assertThat(last[0] + last[1]).isEqualTo(length);
        for (int i = 0; i < spans.size(); i++) {
          assertThat(spans.get(i)[0] % t[2]).isZero();
          assertThat(spans.get(i)[1]).isLessThanOrEqualTo(t[0]);
          if (i > 0) {
            int[] prev = spans.get(i - 1);
            assertThat(prev[0] + prev[1] - spans.get(i)[0]).isGreaterThanOrEqualTo(t[1]);
          }
        }
      }
    }
    assertThatThrownBy(() -> TiledLogits.spans(100, 64, 62, 4)).hasMessageContaining("overlap must be in");
  }

  @Test
  void everyPixelGetsAPositiveWeight() {
    for (int length : new int[] {1, 17, 64, 65, 70, 150, 301}) {
      for (int[] t : new int[][] {{64, 32, 4}, {64, 0, 1}, {32, 24, 8}, {16, 15, 1}, {64, 48, 16}, {64, 7, 1}}) {
        float[] sum = new float[length];
        for (int[] s : TiledLogits.spans(length, t[0], t[1], t[2])) {
          float[] w = TiledLogits.window(s, length, t[1]);
          for (int i = 0; i < s[1]; i++) {
            assertThat(w[i]).isBetween(0f, 1f);
            sum[s[0] + i] += w[i];
          }
        }
        for (int p = 0; p < length; p++) {
          assertThat(sum[p]).as("length %d tile %d overlap %d pixel %d", length, t[0], t[1], p).isPositive();
        }
      }
    }
    // Image borders keep full weight; shared edges fade: 0 over the guard band, then a linear rise.
    float[] w = TiledLogits.window(new int[] {0, 64}, 150, 32);
    assertThat(w[0]).isEqualTo(1f);
    assertThat(w[63]).isZero();
    assertThat(w[52]).isPositive();
    assertThat(w[64 - 25]).isEqualTo(1f);
  }
}
