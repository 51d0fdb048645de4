package org.aoissl.data.annot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.aoissl.ReplayableSeed;
import org.junit.jupiter.api.Test;

class CocoRleTest {
  /*
   * Hand encoding of counts [3, 2, 4, 1, 20] by pycocotools' rleToString rules:
   *   i=0..2 are stored as is:         3 -> '3' (48+3), 2 -> '2', 4 -> '4'
   *   i=3 stores 1 - counts[1] = -1:   low 5 bits 31, rest -1 and the sign bit 0x10 is set, so it ends:
   *                                    48 + 31 = 'O'
   *   i=4 stores 20 - counts[2] = 16:  low 5 bits 16 has the sign bit but the value is positive, so a
   *                                    continuation: 16|0x20 = 48 -> '`', then 0 -> '0'
   */
  static final String SMALL = "324O`0";

  @Test
  void decodesAHandEncodedStringWithNegativeDeltaAndContinuation() {
    assertThat(CocoRle.decode(SMALL)).containsExactly(3, 2, 4, 1, 20);
  }

  @Test
  void decodesMultiGroupCountsAndStoresTheThirdCountAsIs() {
    // 45 = 13 + 1*32: 13|0x20 = 45 -> 48+45 = ']', then 1 -> '1'; 10 -> ':'; the third count (i=2) is
    // not a delta.
    assertThat(CocoRle.decode("]1:]1")).containsExactly(45, 10, 45);
    assertThat(CocoRle.decode("")).isEmpty();
  }

  @Test
  void randomCountsRoundTripThroughAnEncoderWrittenFromTheRules() {
    long seed = ReplayableSeed.draw("CocoRleTest.randomCountsRoundTrip");
    Random rnd = new Random(seed);
    for (int t = 0; t < 500; t++) {
      long[] counts = new long[rnd.nextInt(12)];
      for (int i = 0; i < counts.length; i++) {
        counts[i] = rnd.nextBoolean() ? rnd.nextInt(40) : rnd.nextInt(5_000_000);
      }
      assertThat(CocoRle.decode(encode(counts))).as("seed %d", seed).containsExactly(counts);
    }
  }

  @Test
  void rejectsBadStrings() {
    assertThatThrownBy(() -> CocoRle.decode("3`"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ends in the middle");
    assertThatThrownBy(() -> CocoRle.decode("3 2"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid character ' '");
    assertThatThrownBy(() -> CocoRle.decode("3p"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("position 1");
  }

  @Test
  void checkDemandsCountsCoveringTheMask() {
    assertThat(CocoRle.check(new long[] {3, 2, 4, 1, 20}, 5, 6)).isNull();
    assertThat(CocoRle.check(new long[] {3, 2, 4, 1, 19}, 5, 6)).contains("sum to 29").contains("30");
    assertThat(CocoRle.check(new long[] {3, 2, 4, 1, 21}, 5, 6)).contains("more than 30");
    assertThat(CocoRle.check(new long[] {3, -2, 29}, 5, 6)).contains("negative");
  }

  @Test
  void paintsColumnMajorStartingWithBackground() {
    // Height 5: index 3, 4 are column 0 rows 3, 4; index 9 is column 1 row 4.
    boolean[][] grid = new boolean[5][6];
    CocoRle.paint(new long[] {3, 2, 4, 1, 20}, 5, (y, x0, x1) -> {
      for (int x = x0; x < x1; x++) {
        grid[y][x] = true;
      }
    });
    boolean[][] expected = new boolean[5][6];
    expected[3][0] = true;
    expected[4][0] = true;
    expected[4][1] = true;
    assertThat(grid).isDeepEqualTo(expected);
  }

  /** pycocotools rleToString, restated from its documented rules for the round trip. */
  private static String encode(long[] counts) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < counts.length; i++) {
      long x = i > 2 ? counts[i] - counts[i - 2] : counts[i];
      boolean more = true;
      while (more) {
        long c = x & 0x1f;
        x >>= 5;
        more = (c & 0x10) != 0 ? x != -1 : x != 0;
        if (more) {
          c |= 0x20;
        }
        sb.append((char) (c + 48));
      }
    }
    return sb.toString();
  }
}
