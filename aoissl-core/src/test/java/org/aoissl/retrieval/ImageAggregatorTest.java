package org.aoissl.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.util.List;
import org.aoissl.data.Mask;
import org.junit.jupiter.api.Test;

class ImageAggregatorTest {
  private static final float[] QUERY = {2, 0};

  /** Unit-length only after normalisation for some; cosines with QUERY: 0.1, 0.9, -1, 0.5. */
  private static final List<float[]> SUPPORT = List.of(
      new float[] {0.1f, (float) Math.sqrt(0.99)},
      new float[] {0.9f * 3, (float) Math.sqrt(0.19) * 3},
      new float[] {-1, 0},
      new float[] {0.5f, (float) Math.sqrt(0.75)});

  private static Mask filled(int bits, int h, int w) {
    Mask m = new Mask(2, h, w);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        m.setClassBits(y, x, bits);
      }
    }
    return m;
  }

  @Test
  void theMostSimilarSupportImagesAreSelectedBestFirst() {
    Neighbors nb = new ImageAggregator(2).nearest(QUERY, SUPPORT);
    assertThat(nb.ids()).containsExactly(1, 3);
    assertThat(nb.sims()).containsExactly(new float[] {0.9f, 0.5f}, offset(1e-6f));
    assertThat(new ImageAggregator(9).nearest(QUERY, SUPPORT).ids()).containsExactly(1, 3, 0, 2);
  }

  @Test
  void theSelectedMasksAreBlendedWithInverseDistanceWeights() {
    // selected: support 1 (cos 0.9, weight 5/6) = class 0 everywhere, its pixel (1,1) ignored;
    //           support 3 (cos 0.5, weight 1/6) = class 1 everywhere, pixel (0,0) also class 0.
    // The others (class 0 and 1 everywhere) must not contribute.
    Mask a = filled(0b01, 2, 2);
    a.setIgnored(1, 1, true);
    Mask b = filled(0b10, 2, 2);
    b.setClassBits(0, 0, 0b11);
    List<Mask> masks = List.of(filled(0b11, 2, 2), a, filled(0b11, 2, 2), b);
    float[] s = new ImageAggregator(2).scores(QUERY, SUPPORT, masks, 2, 2);
    assertThat(s).containsExactly(new float[] {
        1, 5f / 6, 5f / 6, 0, // class 0; at (1,1) only support 3 votes
        1f / 6, 1f / 6, 1f / 6, 1}, // class 1
        offset(1e-6f));
  }

  @Test
  void masksAreResizedBilinearlyWithoutTheirIgnoredPixels() {
    // one support, 1×2 mask: pixel 0 class 0, pixel 1 background or ignored; query 1×4.
    // Bilinear taps along x: pixel 0, 0.75·p0 + 0.25·p1, 0.25·p0 + 0.75·p1, pixel 1.
    Mask background = new Mask(2, 1, 2);
    background.set(0, 0, 0, true);
    Mask ignored = background.copy();
    ignored.setIgnored(0, 1, true);
    ImageAggregator one = new ImageAggregator(1);
    List<float[]> cls = List.of(new float[] {1, 0});
    assertThat(one.scores(QUERY, cls, List.of(background), 1, 4))
        .containsExactly(new float[] {1, 0.75f, 0.25f, 0, 0, 0, 0, 0}, offset(1e-6f));
    // the ignored pixel does not vote: the valid neighbour decides, and pixel 1 gets no vote (0)
    assertThat(one.scores(QUERY, cls, List.of(ignored), 1, 4))
        .containsExactly(new float[] {1, 1, 1, 0, 0, 0, 0, 0}, offset(1e-6f));
  }

  @Test
  void badArgumentsAreRejected() {
    assertThatThrownBy(() -> new ImageAggregator(0)).isInstanceOf(IllegalArgumentException.class);
    ImageAggregator agg = new ImageAggregator(1);
    assertThatThrownBy(() -> agg.nearest(QUERY, List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no support");
    assertThatThrownBy(() -> agg.nearest(QUERY, List.of(new float[3])))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dimension 3");
    assertThatThrownBy(() -> agg.scores(QUERY, SUPPORT, List.of(filled(1, 1, 1)), 1, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4 support CLS");
  }
}
