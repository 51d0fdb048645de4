package org.aoissl.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScoreMapsTest {
  @Test
  void patchRowsBecomeClassPlanes() {
    // 1×2 grid, 3 classes: patch a = (1, 2, 3), patch b = (4, 5, 6)
    float[] planes = ScoreMaps.toPlanes(new float[] {1, 2, 3, 4, 5, 6}, 3, 1, 2);
    assertThat(planes).containsExactly(1, 4, 2, 5, 3, 6);
  }

  @Test
  void upsampleTwoByTwoToFourByFourAsPyTorch() {
    // Source coordinates per axis: max(0, (d + 0.5)/2 - 0.5) = 0, 0.25, 0.75, 1.25 (-> last pixel),
    // so an axis [a, b] becomes [a, 0.75a + 0.25b, 0.25a + 0.75b, b].
    // Plane 0 = [[0, 1], [2, 3]]; plane 1 = [[1, 0], [0, 0]].
    float[] out = ScoreMaps.upsample(new float[] {0, 1, 2, 3, 1, 0, 0, 0}, 2, 2, 2, 4, 4);
    assertThat(out).containsExactly(new float[] {
        0, 0.25f, 0.75f, 1,
        0.5f, 0.75f, 1.25f, 1.5f,
        1.5f, 1.75f, 2.25f, 2.5f,
        2, 2.25f, 2.75f, 3,
        1, 0.75f, 0.25f, 0,
        0.75f, 0.5625f, 0.1875f, 0,
        0.25f, 0.1875f, 0.0625f, 0,
        0, 0, 0, 0},
        offset(1e-6f));
  }

  @Test
  void nonIntegerRatiosAndShrinking() {
    // 2 -> 3: source 0 (clamped from -1/6), 0.5, 7/6 (-> last pixel)
    assertThat(ScoreMaps.upsample(new float[] {0, 1}, 1, 1, 2, 1, 3))
        .containsExactly(new float[] {0, 0.5f, 1}, offset(1e-6f));
    // 4 -> 2: source 0.5 and 2.5, no antialiasing
    assertThat(ScoreMaps.upsample(new float[] {0, 1, 2, 3}, 1, 1, 4, 1, 2))
        .containsExactly(new float[] {0.5f, 2.5f}, offset(1e-6f));
    // same size: unchanged
    float[] same = {0.1f, 0.7f, 0.3f, 0.9f, 0.2f, 0.4f};
    assertThat(ScoreMaps.upsample(same, 1, 2, 3, 2, 3)).containsExactly(same);
  }

  @Test
  void aMapOfACroppedImageMovesBackByTheCrop() {
    // image 3×3, map computed on the image cropped by (1, 1): a 2×2 map of pixels (1..2, 1..2)
    float[] base = {9, 9, 9, 9, 9, 9, 9, 9, 9};
    float[] out = ScoreMaps.shift(new float[] {1, 2, 3, 4}, 1, 2, 2, 1, 1, base, 3, 3);
    assertThat(out).containsExactly(9, 9, 9, 9, 1, 2, 9, 3, 4);
    assertThat(base).containsOnly(9);
  }

  @Test
  void aMapOfAPaddedImageMovesBackByThePadding() {
    // image padded by one row on top: map row y is image row y - 1
    float[] map = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    float[] base = new float[9];
    assertThat(ScoreMaps.shift(map, 1, 3, 3, -1, 0, base)).containsExactly(4, 5, 6, 7, 8, 9, 0, 0, 0);
    // two classes, shifted right by 2 in a 1×3 image: only column 2 is covered
    float[] two = {1, 2, 3, 4, 5, 6};
    float[] fill = {-1, -1, -1, -2, -2, -2};
    assertThat(ScoreMaps.shift(two, 2, 1, 3, 0, 2, fill)).containsExactly(-1, -1, 1, -2, -2, 4);
    // shifted out entirely: the base
    assertThat(ScoreMaps.shift(two, 2, 1, 3, 0, 5, fill)).containsExactly(fill);
  }

  @Test
  void averageIsElementWise() {
    assertThat(ScoreMaps.average(List.of(new float[] {0, 2}, new float[] {1, 4}, new float[] {2, 0})))
        .containsExactly(1, 2);
    assertThatThrownBy(() -> ScoreMaps.average(List.of(new float[2], new float[3])))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differ");
  }

  @Test
  void wrongLengthsAreRejected() {
    assertThatThrownBy(() -> ScoreMaps.upsample(new float[5], 1, 2, 2, 4, 4))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1x2x2");
  }
}
