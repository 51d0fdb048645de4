package org.aoissl.data.augment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.aoissl.data.AoiImage;
import org.aoissl.data.Mask;
import org.junit.jupiter.api.Test;

class GeometricTransformsTest {
  // 2 channels, H=2, W=3.
  private static final int[][] CH0 = {{1, 2, 3}, {4, 5, 6}};
  private static final int[][] CH1 = {{7, 8, 9}, {10, 11, 12}};

  private static AoiImage image() {
    return TestImages.image(CH0, CH1);
  }

  /** Class 0 at (0,0), class 1 at (1,2), ignore at (0,2). */
  private static Mask mask() {
    Mask m = new Mask(2, 2, 3);
    m.set(0, 0, 0, true);
    m.set(1, 1, 2, true);
    m.setIgnored(0, 2, true);
    return m;
  }

  @Test
  void horizontalFlipMirrorsColumnsOfImageAndMask() {
    Augmented out = new HorizontalFlip(1.0).apply(image(), mask(), new SplittableRandom(1));
    assertThat(TestImages.plane(out.image(), 0)).isEqualTo(new int[][] {{3, 2, 1}, {6, 5, 4}});
    assertThat(TestImages.plane(out.image(), 1)).isEqualTo(new int[][] {{9, 8, 7}, {12, 11, 10}});
    assertThat(TestImages.labels(out.mask())).isEqualTo(new int[][] {{-1, 0, 1}, {2, 0, 0}});
  }

  @Test
  void verticalFlipMirrorsRowsOfImageAndMask() {
    Augmented out = new VerticalFlip(1.0).apply(image(), mask(), new SplittableRandom(1));
    assertThat(TestImages.plane(out.image(), 0)).isEqualTo(new int[][] {{4, 5, 6}, {1, 2, 3}});
    assertThat(TestImages.plane(out.image(), 1)).isEqualTo(new int[][] {{10, 11, 12}, {7, 8, 9}});
    assertThat(TestImages.labels(out.mask())).isEqualTo(new int[][] {{0, 0, 2}, {1, 0, -1}});
  }

  @Test
  void flipWithProbabilityZeroChangesNothing() {
    Augmented out = new HorizontalFlip(0.0).apply(image(), mask(), new SplittableRandom(1));
    assertThat(TestImages.plane(out.image(), 0)).isEqualTo(CH0);
    assertThat(out.mask()).isEqualTo(mask());
  }

  @Test
  void flipProbabilityIsHonoured() {
    SplittableRandom rng = new SplittableRandom(42);
    int flipped = 0;
    for (int i = 0; i < 2000; i++) {
      Augmented out = new HorizontalFlip(0.3).apply(image(), null, rng);
      if (TestImages.plane(out.image(), 0)[0][0] == 3) {
        flipped++;
      }
    }
    assertThat(flipped).isBetween(520, 680);
  }

  @Test
  void rot90CountsQuarterTurnsCounterClockwise() {
    Augmented one = Rot90.rotate(image(), mask(), 1);
    assertThat(one.image().height()).isEqualTo(3);
    assertThat(one.image().width()).isEqualTo(2);
    assertThat(TestImages.plane(one.image(), 0)).isEqualTo(new int[][] {{3, 6}, {2, 5}, {1, 4}});
    assertThat(TestImages.plane(one.image(), 1)).isEqualTo(new int[][] {{9, 12}, {8, 11}, {7, 10}});
    assertThat(TestImages.labels(one.mask())).isEqualTo(new int[][] {{-1, 2}, {0, 0}, {1, 0}});

    Augmented two = Rot90.rotate(image(), mask(), 2);
    assertThat(TestImages.plane(two.image(), 0)).isEqualTo(new int[][] {{6, 5, 4}, {3, 2, 1}});
    assertThat(TestImages.labels(two.mask())).isEqualTo(new int[][] {{2, 0, 0}, {-1, 0, 1}});

    Augmented three = Rot90.rotate(image(), mask(), 3);
    assertThat(TestImages.plane(three.image(), 0)).isEqualTo(new int[][] {{4, 1}, {5, 2}, {6, 3}});
    assertThat(TestImages.labels(three.mask())).isEqualTo(new int[][] {{0, 1}, {0, 0}, {2, -1}});
  }

  @Test
  void fourQuarterTurnsAreTheIdentity() {
    Augmented a = new Augmented(image(), mask());
    for (int i = 0; i < 4; i++) {
      a = Rot90.rotate(a.image(), a.mask(), 1);
    }
    assertThat(a.image().data()).containsExactly(image().data());
    assertThat(a.mask()).isEqualTo(mask());
  }

  @Test
  void randomRot90DrawsEveryTurn() {
    SplittableRandom rng = new SplittableRandom(7);
    boolean[] seen = new boolean[4];
    for (int i = 0; i < 200; i++) {
      Augmented out = new Rot90().apply(image(), mask(), rng);
      int corner = TestImages.plane(out.image(), 0)[0][0];
      // The top-left value tells the turn: 1 (k=0), 3 (k=1), 6 (k=2), 4 (k=3).
      seen[switch (corner) {
            case 1 -> 0;
            case 3 -> 1;
            case 6 -> 2;
            case 4 -> 3;
            default -> throw new AssertionError("impossible corner " + corner);
          }] = true;
      assertThat(out.mask().height()).isEqualTo(out.image().height());
    }
    assertThat(seen).containsOnly(true);
  }

  @Test
  void inputsAreNotModified() {
    AoiImage in = image();
    Mask m = mask();
    new HorizontalFlip(1).apply(in, m, new SplittableRandom(3));
    Rot90.rotate(in, m, 1);
    assertThat(in.data()).containsExactly(image().data());
    assertThat(m).isEqualTo(mask());
  }

  @Test
  void geometricTransformsWorkWithoutMask() {
    Augmented out = new VerticalFlip(1).apply(image(), null, new SplittableRandom(3));
    assertThat(out.mask()).isNull();
    assertThat(TestImages.plane(out.image(), 0)).isEqualTo(new int[][] {{4, 5, 6}, {1, 2, 3}});
  }
}
