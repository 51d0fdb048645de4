package org.aoissl.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.aoissl.data.Mask;
import org.junit.jupiter.api.Test;

class ThresholdsTest {
  @Test
  void eachClassHasItsOwnThresholdAndPixelsMayHaveSeveralOrNone() {
    // 2 classes on a 1×3 image; thresholds 0.5 (class 0) and 0.2 (class 1), inclusive
    float[] scores = {
        0.5f, 0.49f, 0.9f, // class 0
        0.2f, 0.1f, 0.19f}; // class 1
    Mask m = Thresholds.apply(scores, new float[] {0.5f, 0.2f}, 2, 1, 3);
    assertThat(m.classBits(0, 0)).isEqualTo(0b11);
    assertThat(m.classBits(0, 1)).isEqualTo(0);
    assertThat(m.classBits(0, 2)).isEqualTo(0b01);
    assertThat(m.ignoredCount()).isZero();
  }

  @Test
  void thresholdOneNeedsAFullScore() {
    Mask m = Thresholds.apply(new float[] {1f, 0.999f}, new float[] {1f}, 1, 2, 1);
    assertThat(m.get(0, 0, 0)).isTrue();
    assertThat(m.get(0, 1, 0)).isFalse();
  }

  @Test
  void thresholdsMustBeInZeroOneAndOnePerClass() {
    float[] scores = new float[2];
    assertThatThrownBy(() -> Thresholds.apply(scores, new float[] {0.5f, 0f}, 2, 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("class 1").hasMessageContaining("(0, 1]");
    assertThatThrownBy(() -> Thresholds.apply(scores, new float[] {1.01f, 0.5f}, 2, 1, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("class 0");
    assertThatThrownBy(() -> Thresholds.apply(scores, new float[] {Float.NaN, 0.5f}, 2, 1, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Thresholds.apply(scores, new float[] {0.5f}, 2, 1, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one per class");
  }
}
