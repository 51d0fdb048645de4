package org.aoissl.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.aoissl.ReplayableSeed;
import org.aoissl.data.Mask;
import org.junit.jupiter.api.Test;

class RarePatchSamplerTest {
  /**
   * An 8x8 grid of uniform 2x2 patches: cells 0-2 ball, 3-7 wedge, 8-27 wire, 28-59 epoxy, 60-63
   * ignored.
   */
  static PatchLabels labels() {
    Mask m = new Mask(4, 16, 16);
    for (int cell = 0; cell < 64; cell++) {
      int bits = cell < 3 ? 0b0010 : cell < 8 ? 0b0100 : cell < 28 ? 0b0001 : 0b1000;
      for (int y = cell / 8 * 2; y < cell / 8 * 2 + 2; y++) {
        for (int x = cell % 8 * 2; x < cell % 8 * 2 + 2; x++) {
          m.setClassBits(y, x, bits);
          m.setIgnored(y, x, cell >= 60);
        }
      }
    }
    return PatchLabels.of(m, 2);
  }

  @Test
  void rareClassesAreKeptWholeAndTheRestIsFilledUpToN() throws Throwable {
    long seed = ReplayableSeed.draw("RarePatchSamplerTest.rareClassesAreKeptWhole");
    ReplayableSeed.check(seed, () -> {
      PatchLabels l = labels();
      int[] got = RarePatchSampler.select(l, 10, new SplittableRandom(seed));
      assertThat(got).hasSize(10).isSorted();
      // Ball (3 patches) and wedge (5) fit in 10 together; wire (20) does not, so 2 more are sampled.
      assertThat(got).contains(0, 1, 2, 3, 4, 5, 6, 7);
      assertThat(IntStream.of(got).filter(c -> c >= 60)).isEmpty();
      assertThat(RarePatchSampler.select(l, 10, new SplittableRandom(seed))).containsExactly(got);

      assertThat(RarePatchSampler.select(l, 0, new SplittableRandom(seed))).containsExactly(IntStream.range(0, 60).toArray());
      assertThat(RarePatchSampler.select(l, 60, new SplittableRandom(seed))).hasSize(60);
      // When even the rarest class does not fit, the noisy scores alone decide.
      int[] two = RarePatchSampler.select(l, 2, new SplittableRandom(seed));
      assertThat(two).hasSize(2);
    });
  }

  @Test
  void theFillFavoursPatchesOfRarerClassesAsHummingbirdDoes() {
    PatchLabels l = labels();
    int wire = 0;
    int epoxy = 0;
    for (long s = 0; s < 400; s++) {
      for (int c : RarePatchSampler.select(l, 14, new SplittableRandom(s))) {
        wire += c >= 8 && c < 28 ? 1 : 0;
        epoxy += c >= 28 ? 1 : 0;
      }
    }
    // 6 fill slots per draw; a wire patch scores 20·u, an epoxy patch 32·u: per patch, wire wins more often.
    assertThat(wire + epoxy).isEqualTo(400 * 6);
    assertThat(wire / 20.0).isGreaterThan(1.3 * epoxy / 32.0);
  }
}
