package org.aoissl.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.util.SplittableRandom;
import org.aoissl.data.AoiImage;
import org.junit.jupiter.api.Test;

class TiledFeaturesTest {
  private static AoiImage noise(int h, int w, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] d = new float[2 * h * w];
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) r.nextGaussian();
    }
    return new AoiImage(2, h, w, 8, d);
  }

  @Test
  void aSmallImageIsEncodedWholeAndTilesStitchWhereOnlyOneCovers() {
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager();
        VisionTransformer vit = VisionTransformer.create(VitConfig.preset("micro"), m, 3)) {
      AoiImage small = noise(32, 32, 1);
      TiledFeatures.Result whole = TiledFeatures.forward(vit, small, 64, 16, m);
      float[] direct = vit.forwardFeatures(m.create(small.data(), new ai.djl.ndarray.types.Shape(1, 2, 32, 32)))
          .patches().toFloatArray();
      assertThat(whole.patches()).containsExactly(direct);

      // 64 x 32 image, tiles of 32 with overlap 16: tile rows start at 0, 16, 32 (grid rows 0, 2, 4).
      AoiImage tall = noise(64, 32, 2);
      TiledFeatures.Result r = TiledFeatures.forward(vit, tall, 32, 16, m);
      assertThat(r.gridH()).isEqualTo(8);
      assertThat(r.gridW()).isEqualTo(4);
      // Grid row 0 is covered by the first tile only: its features are that tile's, exactly.
      float[] top = new float[2 * 32 * 32];
      for (int c = 0; c < 2; c++) {
        System.arraycopy(tall.data(), c * 64 * 32, top, c * 32 * 32, 32 * 32);
      }
      float[] first = vit.forwardFeatures(m.create(top, new ai.djl.ndarray.types.Shape(1, 2, 32, 32)))
          .patches().toFloatArray();
      int d = 32;
      for (int i = 0; i < 4 * d; i++) {
        assertThat(r.patches()[i]).isCloseTo(first[i], within(1e-5f));
      }
      for (float v : r.patches()) {
        assertThat(Float.isFinite(v)).isTrue();
      }
    }
  }
}
