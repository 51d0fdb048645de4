package org.aoissl.data.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.aoissl.ReplayableSeed;
import org.aoissl.data.AoiImage;
import org.aoissl.data.Mask;
import org.junit.jupiter.api.Test;

class RandomResizedCropTest {
  @Test
  void bilinearUpscaleOfARowMatchesHandValues() {
    // Source x for outputs 0..3 is (x+0.5)/2-0.5 = -0.25, 0.25, 0.75, 1.25, clamped to [0, 1].
    AoiImage row = new AoiImage(1, 1, 2, 8, new float[] {0f, 1f});
    Augmented out = RandomResizedCrop.cropResize(row, null, 0, 0, 1, 2, 1, 4);
    assertThat(out.image().data()).containsExactly(0f, 0.25f, 0.75f, 1f);
  }

  @Test
  void nearestUpscaleOfMaskRepeatsEachPixelTwice() {
    Mask m = new Mask(3, 2, 2);
    m.setClassBits(0, 0, 1);
    m.setClassBits(0, 1, 2);
    m.setClassBits(1, 0, 4);
    m.setIgnored(1, 1, true);
    Augmented out = RandomResizedCrop.cropResize(AoiImage.zeros(1, 2, 2, 8), m, 0, 0, 2, 2, 4, 4);
    assertThat(TestImages.labels(out.mask()))
        .isEqualTo(
            new int[][] {{1, 1, 2, 2}, {1, 1, 2, 2}, {4, 4, -1, -1}, {4, 4, -1, -1}});
  }

  @Test
  void cropWithoutResizeIsTheExactSubImageAndSubMask() {
    SplittableRandom rnd = new SplittableRandom(5);
    Object[] pair = TestImages.alignedPair(rnd, 12, 15);
    AoiImage image = (AoiImage) pair[0];
    Mask mask = (Mask) pair[1];
    Augmented out = RandomResizedCrop.cropResize(image, mask, 3, 4, 6, 8, 6, 8);
    assertThat(out.image().bitDepth()).isEqualTo(16);
    for (int c = 0; c < 2; c++) {
      for (int y = 0; y < 6; y++) {
        for (int x = 0; x < 8; x++) {
          assertThat(out.image().get(c, y, x)).isEqualTo(image.get(c, y + 3, x + 4));
          assertThat(out.mask().classBits(y, x)).isEqualTo(mask.classBits(y + 3, x + 4));
          assertThat(out.mask().isIgnored(y, x)).isEqualTo(mask.isIgnored(y + 3, x + 4));
        }
      }
    }
  }

  @Test
  void constantImageStaysExactlyConstant() {
    float[] data = new float[2 * 20 * 30];
    java.util.Arrays.fill(data, 0, 600, 0.3f);
    java.util.Arrays.fill(data, 600, 1200, 0.7f);
    AoiImage image = new AoiImage(2, 20, 30, 8, data);
    SplittableRandom rng = new SplittableRandom(11);
    for (int i = 0; i < 50; i++) {
      Augmented out = new RandomResizedCrop(7 + i % 5, 9, 0.05, 1.0, 0.5, 2.0).apply(image, null, rng);
      float[] o = out.image().data();
      int plane = o.length / 2;
      for (int p = 0; p < plane; p++) {
        assertThat(o[p]).isEqualTo(0.3f);
        assertThat(o[plane + p]).isEqualTo(0.7f);
      }
    }
  }

  @Test
  void maskFollowsTheCropAtEveryScale() throws Throwable {
    long seed = ReplayableSeed.draw("RandomResizedCropTest.maskFollowsTheCrop");
    ReplayableSeed.check(seed, () -> {
      SplittableRandom rnd = new SplittableRandom(seed);
      Object[] pair = TestImages.alignedPair(rnd, 40, 50);
      AoiImage image = (AoiImage) pair[0];
      Mask mask = (Mask) pair[1];
      RandomResizedCrop crop = new RandomResizedCrop(16, 24, 0.08, 1.0, 0.75, 1.333);
      int ones = 0;
      int zeros = 0;
      for (int i = 0; i < 40; i++) {
        Augmented out = crop.apply(image, mask, rnd);
        assertThat(out.mask().height()).isEqualTo(16);
        assertThat(out.mask().width()).isEqualTo(24);
        // The nearest source pixel is always one of the bilinear taps with weight >= 1/4, so a pure
        // 0 or 1 after interpolation pins down the mask bit of the nearest pixel.
        for (int y = 0; y < 16; y++) {
          for (int x = 0; x < 24; x++) {
            float v = out.image().get(0, y, x);
            float ign = out.image().get(1, y, x);
            if (v == 1f) {
              assertThat(out.mask().get(0, y, x)).as("class at %d,%d", y, x).isTrue();
              ones++;
            } else if (v == 0f) {
              assertThat(out.mask().get(0, y, x)).as("class at %d,%d", y, x).isFalse();
              zeros++;
            }
            if (ign == 1f) {
              assertThat(out.mask().isIgnored(y, x)).isTrue();
            } else if (ign == 0f) {
              assertThat(out.mask().isIgnored(y, x)).isFalse();
            }
          }
        }
      }
      assertThat(ones).isGreaterThan(100);
      assertThat(zeros).isGreaterThan(100);
    });
  }

  @Test
  void cropAreaStaysInTheScaleRange() {
    // A ramp image: the output's value span measures the crop width.
    int w = 100;
    float[] data = new float[w * 100];
    for (int y = 0; y < 100; y++) {
      for (int x = 0; x < w; x++) {
        data[y * w + x] = x / 99f;
      }
    }
    AoiImage ramp = new AoiImage(1, 100, w, 8, data);
    SplittableRandom rng = new SplittableRandom(3);
    RandomResizedCrop crop = new RandomResizedCrop(8, 8, 0.25, 0.25, 1.0, 1.0);
    for (int i = 0; i < 20; i++) {
      AoiImage out = crop.apply(ramp, rng);
      // A 50×50 crop resized to 8 (6.25 px per sample): the first and last samples sit at crop
      // offsets 0.5·6.25 − 0.5 = 2.625 and 7.5·6.25 − 0.5 = 46.375, 43.75 px apart.
      double span = (out.get(0, 0, 7) - out.get(0, 0, 0)) * 99;
      assertThat(span).isCloseTo(43.75, org.assertj.core.data.Offset.offset(1e-3));
    }
  }

  @Test
  void rejectsBadArguments() {
    assertThatThrownBy(() -> new RandomResizedCrop(0, 4, 0.5, 1, 1, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RandomResizedCrop(4, 4, 0.5, 1.5, 1, 1))
        .hasMessageContaining("scale");
    assertThatThrownBy(
            () -> RandomResizedCrop.cropResize(AoiImage.zeros(1, 4, 4, 8), null, 2, 0, 3, 4, 2, 2))
        .hasMessageContaining("outside");
    assertThatThrownBy(
            () -> RandomResizedCrop.of(4).apply(AoiImage.zeros(1, 4, 4, 8), new Mask(1, 4, 5),
                new SplittableRandom(1)))
        .hasMessageContaining("does not match");
  }
}
