package org.aoissl.pretrain.ibot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.aoissl.ReplayableSeed;
import org.junit.jupiter.api.Test;

class BlockMaskingTest {
  @Test
  void masksReachTheRequestedRatioWithoutOvershootingIt() {
    long seed = ReplayableSeed.draw("BlockMaskingTest.masksReachTheRequestedRatio");
    SplittableRandom rng = new SplittableRandom(seed);
    for (double ratio : new double[] {0.1, 0.3, 0.5}) {
      double sum = 0;
      int draws = 300;
      for (int i = 0; i < draws; i++) {
        boolean[] m = BlockMasking.mask(rng, 14, 14, ratio, 0.3);
        int count = 0;
        for (boolean b : m) {
          count += b ? 1 : 0;
        }
        assertThat(count).as("seed %d ratio %s", seed, ratio).isLessThanOrEqualTo((int) Math.floor(ratio * 196));
        sum += count;
      }
      // Ten failed tries end a mask early now and then; on average it is within a few patches of the target.
      assertThat(sum / draws / 196).as("seed %d ratio %s", seed, ratio).isGreaterThan(ratio - 0.03);
    }
  }

  @Test
  void masksAreBlocksNotScatteredPatches() {
    boolean[] m = BlockMasking.mask(new SplittableRandom(7), 14, 14, 0.3, 0.3);
    int masked = 0;
    int withMaskedNeighbour = 0;
    for (int y = 0; y < 14; y++) {
      for (int x = 0; x < 14; x++) {
        if (m[y * 14 + x]) {
          masked++;
          boolean n = (x > 0 && m[y * 14 + x - 1]) || (x < 13 && m[y * 14 + x + 1])
              || (y > 0 && m[(y - 1) * 14 + x]) || (y < 13 && m[(y + 1) * 14 + x]);
          withMaskedNeighbour += n ? 1 : 0;
        }
      }
    }
    assertThat(masked).isPositive();
    assertThat(withMaskedNeighbour).isEqualTo(masked);
  }

  @Test
  void aboutHalfTheViewsAreMaskedWithRatiosInRange() throws Throwable {
    long seed = ReplayableSeed.draw("BlockMaskingTest.aboutHalfTheViewsAreMasked");
    ReplayableSeed.check(seed, () -> {
      SplittableRandom rng = new SplittableRandom(seed);
      IbotConfig c = IbotConfig.defaults();
      int zero = 0;
      for (int i = 0; i < 2000; i++) {
        double r = BlockMasking.drawRatio(rng, c);
        if (r == 0) {
          zero++;
        } else {
          assertThat(r).isBetween(0.1, 0.5);
        }
      }
      assertThat(zero).as("seed %d", seed).isBetween(850, 1150);
    });
  }
}
