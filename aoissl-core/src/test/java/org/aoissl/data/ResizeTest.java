package org.aoissl.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ResizeTest {
  private static Mask randomMask(long seed, int h, int w) {
    SplittableRandom r = new SplittableRandom(seed);
    Mask m = new Mask(4, h, w);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        m.setClassBits(y, x, r.nextInt(16));
        m.setIgnored(y, x, r.nextInt(10) == 0);
      }
    }
    return m;
  }

  @Test
  void enlargingAndShrinkingBackGivesTheMaskAgain() {
    Mask m = randomMask(3, 23, 31);
    for (double f : new double[] {1.0, 1.25, 1.4, 1.6, 2.0, 2.5, 3.0}) {
      int h = Resize.side(23, f);
      int w = Resize.side(31, f);
      Mask back = Resize.mask(Resize.mask(m, h, w), 23, 31);
      assertThat(back).as("factor %s", f).isEqualTo(m);
    }
  }

  @Test
  void maskTakesThePixelUnderEachCentre() {
    Mask m = new Mask(1, 1, 3);
    m.set(0, 0, 1, true); // only the middle pixel
    Mask up = Resize.mask(m, 1, 6); // centres 0.25, 0.75, 1.25, 1.75, 2.25, 2.75 in source pixels
    boolean[] expected = {false, false, true, true, false, false};
    for (int x = 0; x < 6; x++) {
      assertThat(up.get(0, 0, x)).as("x %d", x).isEqualTo(expected[x]);
    }
  }

  @Test
  void imageIsBilinearWithHalfPixelCentres() {
    // Doubling [0, 1]: sources (x + 0.5) / 2 - 0.5 = -0.25, 0.25, 0.75, 1.25, clamped: 0, 0.25, 0.75, 1.
    AoiImage im = new AoiImage(1, 1, 2, 8, new float[] {0f, 1f});
    float[] out = Resize.image(im, 1, 4).data();
    assertThat(out).containsExactly(new float[] {0f, 0.25f, 0.75f, 1f}, within(1e-6f));
    assertThat(Resize.image(im, 1, 2)).as("same size: the image itself").isSameAs(im);
  }

  @Test
  void sidesRoundAndRefuseBadFactors() {
    assertThat(Resize.side(512, 1.4)).isEqualTo(717);
    assertThat(Resize.side(3, 0.1)).isEqualTo(1);
    assertThatThrownBy(() -> Resize.side(10, 0)).hasMessageContaining("scale factor must be > 0");
  }

  @Test
  void cropCopiesTheWindowOfEveryChannel() {
    // 2 channels of 3×4, value = 100·c + 10·y + x
    float[] d = new float[2 * 3 * 4];
    for (int c = 0; c < 2; c++) {
      for (int y = 0; y < 3; y++) {
        for (int x = 0; x < 4; x++) {
          d[(c * 3 + y) * 4 + x] = 100 * c + 10 * y + x;
        }
      }
    }
    AoiImage w = Resize.crop(new AoiImage(2, 3, 4, 16, d), 1, 2, 2, 2);
    org.assertj.core.api.Assertions.assertThat(w.data()).containsExactly(12, 13, 22, 23, 112, 113, 122, 123);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Resize.crop(new AoiImage(2, 3, 4, 16, d), 2, 0, 2, 4))
        .hasMessageContaining("outside");
  }
}
