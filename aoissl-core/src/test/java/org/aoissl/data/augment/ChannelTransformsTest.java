package org.aoissl.data.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.aoissl.data.AoiImage;
import org.aoissl.data.Mask;
import org.junit.jupiter.api.Test;

class ChannelTransformsTest {
  /** Three 1×2 channels with distinct values: channel c holds (c+1)/10 and (c+1)/20. */
  private static AoiImage threeChannels() {
    return new AoiImage(3, 1, 2, 8, new float[] {0.1f, 0.05f, 0.2f, 0.1f, 0.3f, 0.15f});
  }

  /** Which input channel each output channel holds, or -1 for a zeroed one. */
  private static int[] sources(AoiImage out) {
    AoiImage in = threeChannels();
    int[] src = new int[out.channels()];
    for (int c = 0; c < out.channels(); c++) {
      src[c] = -2;
      if (out.get(c, 0, 0) == 0f && out.get(c, 0, 1) == 0f) {
        src[c] = -1;
      }
      for (int s = 0; s < in.channels(); s++) {
        if (java.util.Arrays.equals(out.channel(c), in.channel(s))) {
          src[c] = s;
        }
      }
      assertThat(src[c]).as("channel %d is neither an input channel nor zero", c).isNotEqualTo(-2);
    }
    return src;
  }

  @Test
  void permuteMovesWholeChannels() {
    AoiImage out = ChannelSwap.permute(threeChannels(), new int[] {2, 0, 1});
    assertThat(out.data()).containsExactly(0.3f, 0.15f, 0.1f, 0.05f, 0.2f, 0.1f);
    assertThatThrownBy(() -> ChannelSwap.permute(threeChannels(), new int[] {0, 0, 1}))
        .hasMessageContaining("permutation");
  }

  @Test
  void channelSwapDrawsEveryPermutationAndKeepsTheMask() {
    Mask mask = new Mask(1, 1, 2);
    mask.set(0, 0, 1, true);
    SplittableRandom rng = new SplittableRandom(17);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 300; i++) {
      Augmented out = new ChannelSwap(1).apply(threeChannels(), mask, rng);
      int[] src = sources(out.image());
      assertThat(src).containsExactlyInAnyOrder(0, 1, 2);
      assertThat(out.mask()).isSameAs(mask);
      seen.add(java.util.Arrays.toString(src));
    }
    assertThat(seen).hasSize(6);
  }

  @Test
  void channelSwapWithProbabilityZeroChangesNothing() {
    AoiImage out = new ChannelSwap(0).apply(threeChannels(), new SplittableRandom(1));
    assertThat(out.data()).containsExactly(threeChannels().data());
  }

  @Test
  void channelDropoutZeroesExactlyOneChannel() {
    SplittableRandom rng = new SplittableRandom(23);
    int[] dropped = new int[3];
    for (int i = 0; i < 300; i++) {
      int[] src = sources(new ChannelDropout(1).apply(threeChannels(), rng));
      int zeros = 0;
      for (int c = 0; c < 3; c++) {
        if (src[c] == -1) {
          zeros++;
          dropped[c]++;
        } else {
          assertThat(src[c]).isEqualTo(c);
        }
      }
      assertThat(zeros).isEqualTo(1);
    }
    for (int n : dropped) {
      assertThat(n).isBetween(70, 130);
    }
  }

  @Test
  void channelDropoutNeverDropsTheOnlyChannel() {
    AoiImage gray = new AoiImage(1, 1, 2, 8, new float[] {0.4f, 0.6f});
    SplittableRandom rng = new SplittableRandom(2);
    for (int i = 0; i < 20; i++) {
      assertThat(new ChannelDropout(1).apply(gray, rng).data()).containsExactly(0.4f, 0.6f);
    }
  }

  @Test
  void channelDropoutProbabilityIsHonoured() {
    SplittableRandom rng = new SplittableRandom(31);
    int changed = 0;
    for (int i = 0; i < 2000; i++) {
      int[] src = sources(new ChannelDropout(0.25).apply(threeChannels(), rng));
      if (src[0] == -1 || src[1] == -1 || src[2] == -1) {
        changed++;
      }
    }
    assertThat(changed).isBetween(430, 570);
  }
}
