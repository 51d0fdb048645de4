package org.aoissl.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CoresetTest {
  /**
   * 300 keys in a tight cluster around axis 0 and three far outliers (axes 1 and 2, and minus axis
   * 0) at ids 17, 150 and 299.
   */
  private static float[] clusterWithOutliers(int dim, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    float[] keys = new float[300 * dim];
    for (int i = 0; i < 300; i++) {
      keys[i * dim] = 1;
      for (int d = 0; d < dim; d++) {
        keys[i * dim + d] += (float) (0.02 * rnd.nextGaussian());
      }
    }
    int[][] outliers = {{17, 1}, {150, 2}, {299, 0}};
    for (int[] o : outliers) {
      Arrays.fill(keys, o[0] * dim, (o[0] + 1) * dim, 0f);
      keys[o[0] * dim + o[1]] = o[1] == 0 ? -1 : 1;
    }
    return keys;
  }

  @Test
  void picksTheFarOutliersFirst() {
    for (long seed = 600; seed < 606; seed++) {
      System.out.println("CoresetTest seed " + seed);
      for (int dim : new int[] {8, 160}) { // 160: through the random projection to 128
        float[] keys = clusterWithOutliers(dim, seed);
        int[] picks = Coreset.greedy(keys, 300, dim, 5, seed);
        assertThat(picks).doesNotHaveDuplicates();
        // a random start, then the outliers: all three are among the first four
        assertThat(Arrays.copyOf(picks, 4)).as("dim %d", dim).contains(17, 150, 299);
      }
    }
  }

  @Test
  void takingEveryKeyGivesDistinctIdsEvenWithDuplicates() {
    float[] keys = new float[40 * 4];
    for (int i = 0; i < 40; i++) {
      keys[i * 4 + (i % 3)] = 1; // only three distinct keys
    }
    int[] picks = Coreset.greedy(keys, 40, 4, 40, 3);
    assertThat(picks).doesNotHaveDuplicates().hasSize(40);
    // after the start, the other two distinct keys come next
    assertThat(picks[0] % 3).isNotEqualTo(picks[1] % 3).isNotEqualTo(picks[2] % 3);
    assertThat(picks[1] % 3).isNotEqualTo(picks[2] % 3);
  }

  @Test
  void isReproducibleFromTheSeed() {
    float[] keys = TestKeys.unit(500, 20, 77);
    assertThat(Coreset.greedy(keys, 500, 20, 30, 5)).containsExactly(Coreset.greedy(keys, 500, 20, 30, 5));
    assertThatThrownBy(() -> Coreset.greedy(keys, 500, 20, 501, 5))
        .hasMessage("need 1 <= target <= n (500) and projectTo >= 0; got 501, 128");
  }

  @Test
  void eachPickIsTheKeyFarthestFromThoseBefore() {
    int n = 200;
    int dim = 6;
    float[] keys = TestKeys.unit(n, dim, 78);
    int[] picks = Coreset.greedy(keys, n, dim, 12, 9, 0);
    for (int i = 1; i < picks.length; i++) {
      double best = -1;
      int arg = -1;
      for (int c = 0; c < n; c++) {
        double near = Double.MAX_VALUE;
        for (int j = 0; j < i; j++) {
          near = Math.min(near, 2 - 2 * TestKeys.dot(keys, c, keys, picks[j], dim));
        }
        if (near > best) {
          best = near;
          arg = c;
        }
      }
      assertThat(picks[i]).as("pick %d", i).isEqualTo(arg);
    }
  }
}
