package org.aoissl.data.augment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.aoissl.ReplayableSeed;
import org.aoissl.data.AoiImage;
import org.aoissl.data.Mask;
import org.junit.jupiter.api.Test;

class SeededPipelineTest {
  private static Compose pipeline() {
    return Compose.of(
        new RandomResizedCrop(24, 24, 0.2, 1.0, 0.75, 1.333),
        new HorizontalFlip(0.5),
        new VerticalFlip(0.5),
        new Rot90(),
        new RandomApply(0.8, new ContrastBrightness(0.6, 1.4, -0.1, 0.1, true)),
        new RandomApply(0.5, new Gamma(0.7, 1.5, true)),
        new RandomApply(0.3, new GaussianBlur(0.1, 1.5)),
        new GaussianNoise(0, 0.03),
        new ChannelSwap(0.2),
        new ChannelDropout(0.1));
  }

  private static AoiImage noiseImage(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    float[] data = new float[2 * 32 * 40];
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) rnd.nextDouble();
    }
    return new AoiImage(2, 32, 40, 16, data);
  }

  @Test
  void sameSeedGivesIdenticalOutput() throws Throwable {
    long seed = ReplayableSeed.draw("SeededPipelineTest.sameSeedGivesIdenticalOutput");
    ReplayableSeed.check(seed, () -> {
      AoiImage image = noiseImage(seed);
      Mask mask = (Mask) TestImages.alignedPair(new SplittableRandom(seed), 32, 40)[1];
      Augmented a = pipeline().apply(image, mask, new SplittableRandom(seed));
      Augmented b = pipeline().apply(image, mask, new SplittableRandom(seed));
      assertThat(a.image().data()).containsExactly(b.image().data());
      assertThat(a.mask()).isEqualTo(b.mask());
    });
  }

  @Test
  void differentSeedsGiveDifferentOutput() throws Throwable {
    long seed = ReplayableSeed.draw("SeededPipelineTest.differentSeedsGiveDifferentOutput");
    ReplayableSeed.check(seed, () -> {
      AoiImage image = noiseImage(seed);
      Augmented a = pipeline().apply(image, null, new SplittableRandom(seed));
      Augmented b = pipeline().apply(image, null, new SplittableRandom(seed + 1));
      assertThat(a.image().data()).isNotEqualTo(b.image().data());
    });
  }

  @Test
  void pipelineKeepsRangeBitDepthMaskAlignmentAndInput() throws Throwable {
    long seed = ReplayableSeed.draw("SeededPipelineTest.pipelineKeepsRange");
    ReplayableSeed.check(seed, () -> {
      SplittableRandom rng = new SplittableRandom(seed);
      Object[] pair = TestImages.alignedPair(rng, 32, 40);
      AoiImage image = (AoiImage) pair[0];
      Mask mask = (Mask) pair[1];
      float[] before = image.data().clone();
      Mask maskBefore = mask.copy();
      Compose geometric =
          Compose.of(RandomResizedCrop.of(20), new HorizontalFlip(0.5), new VerticalFlip(0.5),
              new Rot90());
      for (int i = 0; i < 30; i++) {
        Augmented out = pipeline().apply(image, mask, rng);
        assertThat(out.image().bitDepth()).isEqualTo(16);
        assertThat(out.mask().height()).isEqualTo(24);
        for (float v : out.image().data()) {
          assertThat(v).isBetween(0f, 1f);
        }
        Augmented g = geometric.apply(image, mask, rng);
        for (int y = 0; y < 20; y++) {
          for (int x = 0; x < 20; x++) {
            float v = g.image().get(0, y, x);
            if (v == 1f || v == 0f) {
              assertThat(g.mask().get(0, y, x)).isEqualTo(v == 1f);
            }
          }
        }
      }
      assertThat(image.data()).containsExactly(before);
      assertThat(mask).isEqualTo(maskBefore);
    });
  }

  @Test
  void composeAppliesInOrder() {
    AoiImage image = TestImages.image(new int[][] {{1, 2, 3}, {4, 5, 6}});
    Transform quarterTurn = (img, m, rng) -> Rot90.rotate(img, m, 1);
    // Flip then turn: [[3,2,1],[6,5,4]] → rows of the turn are the last column first: [[1,4],[2,5],[3,6]].
    Augmented flipThenTurn =
        Compose.of(new HorizontalFlip(1), quarterTurn).apply(image, null, new SplittableRandom(1));
    assertThat(TestImages.plane(flipThenTurn.image(), 0))
        .isEqualTo(new int[][] {{1, 4}, {2, 5}, {3, 6}});
    Augmented turnThenFlip =
        Compose.of(quarterTurn, new HorizontalFlip(1)).apply(image, null, new SplittableRandom(1));
    assertThat(TestImages.plane(turnThenFlip.image(), 0))
        .isEqualTo(new int[][] {{6, 3}, {5, 2}, {4, 1}});
  }

  @Test
  void randomApplyHonoursItsProbability() {
    AoiImage half = new AoiImage(1, 1, 1, 8, new float[] {0.5f});
    Transform square = new RandomApply(1, new Gamma(2, 2));
    assertThat(square.apply(half, new SplittableRandom(1)).data()).containsExactly(0.25f);
    Transform never = new RandomApply(0, new Gamma(2, 2));
    assertThat(never.apply(half, new SplittableRandom(1)).data()).containsExactly(0.5f);
    SplittableRandom rng = new SplittableRandom(12);
    int applied = 0;
    for (int i = 0; i < 2000; i++) {
      if (new RandomApply(0.7, new Gamma(2, 2)).apply(half, rng).data()[0] == 0.25f) {
        applied++;
      }
    }
    assertThat(applied).isBetween(1330, 1470);
  }
}
