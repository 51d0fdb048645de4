package org.aoissl.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.util.SplittableRandom;
import org.aoissl.ReplayableSeed;
import org.aoissl.data.AoiImage;
import org.junit.jupiter.api.Test;

class GuidedFilterTest {
  @Test
  void aConstantGuideLeavesASmoothMapAlmostUnchanged() {
    // flat guide: a = 0, b = box(p), q = box(box(p)). A ramp is its own box mean in full windows;
    // at column 0 (radius 1): b0 = p0 + 0.025, b1 = p1 = p0 + 0.05, q0 = mean(b0, b1) = p0 + 0.0375.
    int h = 5;
    int w = 9;
    float[] ramp = new float[h * w];
    float[] guide = new float[h * w];
    for (int i = 0; i < ramp.length; i++) {
      ramp[i] = 0.1f + 0.05f * (i % w);
      guide[i] = 0.5f;
    }
    float[] q = GuidedFilter.refine(ramp, guide, 1, h, w, 1, 1e-3f);
    for (int y = 0; y < h; y++) {
      for (int x = 2; x < w - 2; x++) {
        assertThat(q[y * w + x]).as("(%d, %d)", y, x).isCloseTo(ramp[y * w + x], offset(1e-6f));
      }
      assertThat(q[y * w]).isCloseTo(0.1375f, offset(1e-6f));
      assertThat(q[y * w + w - 1]).isCloseTo(0.5f - 0.0375f, offset(1e-6f));
    }
    float[] flat = new float[h * w];
    java.util.Arrays.fill(flat, 0.3f);
    assertThat(GuidedFilter.refine(flat, guide, 1, h, w)).containsOnly(0.3f);
  }

  @Test
  void aStepEdgeInTheGuideSharpensABlurredStep() {
    // Three identical rows; guide 0 0 0 1 1 1, scores 0 0 .25 .75 1 1, radius 1, eps ~ 0.
    // Window fits (a, b): x=0 (0, 0); x=1 (0, 1/12); x=2 (5/8, 1/8); x=3 (5/8, 1/4); x=4 (0, 11/12);
    // x=5 (0, 1). Output mean(a)·I + mean(b): 1/24, 5/72, 11/72, 61/72, 67/72, 23/24.
    float[] guide = new float[18];
    float[] step = new float[18];
    float[] g = {0, 0, 0, 1, 1, 1};
    float[] p = {0, 0, 0.25f, 0.75f, 1, 1};
    for (int i = 0; i < 18; i++) {
      guide[i] = g[i % 6];
      step[i] = p[i % 6];
    }
    float[] q = GuidedFilter.refine(step, guide, 1, 3, 6, 1, 1e-6f);
    float[] expected = {1f / 24, 5f / 72, 11f / 72, 61f / 72, 67f / 72, 23f / 24};
    for (int i = 0; i < 18; i++) {
      assertThat(q[i]).as("pixel %d", i).isCloseTo(expected[i % 6], offset(1e-4f));
    }
    // the jump across the edge grows from 0.5 to 25/36
    assertThat(q[3] - q[2]).isGreaterThan(0.69f);
  }

  @Test
  void scoresInZeroOneStayInZeroOne() throws Throwable {
    long seed = ReplayableSeed.draw("GuidedFilterTest.scoresInZeroOneStayInZeroOne");
    ReplayableSeed.check(seed, () -> {
      SplittableRandom rnd = new SplittableRandom(seed);
      int h = 20;
      int w = 17;
      float[] guide = new float[h * w];
      float[] scores = new float[2 * h * w];
      for (int i = 0; i < guide.length; i++) {
        guide[i] = rnd.nextInt(4) == 0 ? 1f : (float) rnd.nextDouble() * 0.2f; // strong edges
        scores[i] = (float) rnd.nextDouble();
        scores[h * w + i] = rnd.nextBoolean() ? 1f : 0f;
      }
      for (int r : new int[] {1, 3, 8, 40}) {
        for (float eps : new float[] {1e-6f, 1e-3f, 1f}) {
          float[] q = GuidedFilter.refine(scores, guide, 2, h, w, r, eps);
          for (float v : q) {
            assertThat(v).as("r=%d eps=%s", r, eps).isBetween(0f, 1f);
          }
        }
      }
    });
  }

  @Test
  void boxMeanMatchesTheDirectSumIncludingWindowsLargerThanTheImage() throws Throwable {
    long seed = ReplayableSeed.draw("GuidedFilterTest.boxMeanMatchesTheDirectSum");
    ReplayableSeed.check(seed, () -> {
      SplittableRandom rnd = new SplittableRandom(seed);
      int h = 4;
      int w = 7;
      float[] src = new float[3 + h * w];
      for (int i = 0; i < src.length; i++) {
        src[i] = (float) rnd.nextDouble();
      }
      for (int r : new int[] {0, 1, 2, 9}) {
        float[] box = GuidedFilter.boxMean(src, 3, h, w, r);
        for (int y = 0; y < h; y++) {
          for (int x = 0; x < w; x++) {
            double sum = 0;
            int n = 0;
            for (int yy = Math.max(0, y - r); yy <= Math.min(h - 1, y + r); yy++) {
              for (int xx = Math.max(0, x - r); xx <= Math.min(w - 1, x + r); xx++) {
                sum += src[3 + yy * w + xx];
                n++;
              }
            }
            assertThat(box[y * w + x]).isCloseTo((float) (sum / n), offset(1e-5f));
          }
        }
      }
    });
  }

  @Test
  void radiusZeroIsTheIdentity() {
    float[] s = {0.1f, 0.9f, 0.4f, 0.6f};
    assertThat(GuidedFilter.refine(s, new float[] {0, 1, 0.5f, 0.2f}, 1, 2, 2, 0, 1e-3f))
        .containsExactly(new float[] {0.1f, 0.9f, 0.4f, 0.6f}, offset(1e-6f));
  }

  @Test
  void theGuideIsTheChannelMeanStretchedToZeroOne() {
    // channel means 0.2, 0.3, 0.5 -> (m - 0.2) / 0.3
    AoiImage img = new AoiImage(2, 1, 3, 8, new float[] {0.2f, 0.4f, 0.6f, 0.2f, 0.2f, 0.4f});
    assertThat(GuidedFilter.guideOf(img)).containsExactly(new float[] {0, 1f / 3, 1}, offset(1e-6f));
    assertThat(GuidedFilter.guideOf(AoiImage.zeros(1, 2, 2, 8))).containsOnly(0f);
  }

  @Test
  void badParametersAreRejected() {
    float[] s = new float[4];
    assertThatThrownBy(() -> GuidedFilter.refine(s, new float[4], 1, 2, 2, -1, 1e-3f))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("radius");
    assertThatThrownBy(() -> GuidedFilter.refine(s, new float[4], 1, 2, 2, 1, 0f))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("eps");
    assertThatThrownBy(() -> GuidedFilter.refine(s, new float[3], 1, 2, 2, 1, 1e-3f))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("guide");
  }
}
