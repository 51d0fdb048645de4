package org.aoissl.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.aoissl.data.Mask;
import org.junit.jupiter.api.Test;

class IouMeterTest {
  @Test
  void pooledAndPerImageMeanDifferOnTwoImages() {
    IouMeter m = new IouMeter(3);
    // Image a: class 0 predicted exactly on 4 pixels; class 1 absent from both (empty union).
    m.add("a",
        Masks.of(3, "1111", "....", "....", "...."),
        Masks.of(3, "1111", "....", "....", "...."));
    // Image b: class 0 TP 1, FP 1; class 1 missed on 2 pixels (FN 2).
    m.add("b",
        Masks.of(3, "11..", "....", "....", "...."),
        Masks.of(3, "1...", "....", "....", "22.."));
    assertThat(m.tp()).containsExactly(5, 0, 0);
    assertThat(m.fp()).containsExactly(1, 0, 0);
    assertThat(m.fn()).containsExactly(0, 2, 0);
    assertThat(m.images()).isEqualTo(2);
    // Pooled class 0: 5 / (5 + 1) ; per image: (4/4 + 1/2) / 2.
    assertThat(m.pooledIou()[0]).isCloseTo(5.0 / 6, within(1e-12));
    assertThat(m.perImageMeanIou()[0]).isCloseTo(0.75, within(1e-12));
    // Class 1 only counts in image b, where it is 0; class 2 occurs nowhere.
    assertThat(m.pooledIou()[1]).isZero();
    assertThat(m.perImageMeanIou()[1]).isZero();
    assertThat(m.pooledIou()[2]).isNaN();
    assertThat(m.perImageMeanIou()[2]).isNaN();
    assertThat(m.pooledMiou()).isCloseTo((5.0 / 6 + 0) / 2, within(1e-12));
    assertThat(m.perImageMiou()).isCloseTo(0.375, within(1e-12));
    assertThat(m.perImage().get("a")).containsExactly(1.0, Double.NaN, Double.NaN);
    assertThat(m.perImage().get("b")[0]).isEqualTo(0.5);
  }

  @Test
  void pixelsTheGroundTruthIgnoresCountNowhere() {
    IouMeter m = new IouMeter(1);
    // Pixel 1 would be a FP and pixel 2 a FN, but the ground truth ignores both.
    m.add("a", Masks.of(1, "11."), Masks.of(1, "1xX"));
    assertThat(m.tp()).containsExactly(1);
    assertThat(m.fp()).containsExactly(0);
    assertThat(m.fn()).containsExactly(0);
    assertThat(m.pooledIou()).containsExactly(1.0);
  }

  @Test
  void aPredictionWithOverlappingClassesCountsForEach() {
    IouMeter m = new IouMeter(2);
    // '3' = classes 0 and 1 on one pixel.
    m.add("a", Masks.of(2, "3."), Masks.of(2, "12"));
    // class 0: TP at pixel 0; class 1: FP at pixel 0, FN at pixel 1.
    assertThat(m.tp()).containsExactly(1, 0);
    assertThat(m.fp()).containsExactly(0, 1);
    assertThat(m.fn()).containsExactly(0, 1);
  }

  @Test
  void sizeMismatchNamesTheImage() {
    IouMeter m = new IouMeter(1);
    assertThatThrownBy(() -> m.add("img7", new Mask(1, 2, 3), new Mask(1, 3, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("image img7: prediction is 3x2 but ground truth is 2x3");
    assertThatThrownBy(() -> m.add("img8", new Mask(2, 2, 2), new Mask(2, 2, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("image img8");
  }

  @Test
  void anImageIdCountsOnce() {
    IouMeter m = new IouMeter(1);
    m.add("a", new Mask(1, 1, 1), new Mask(1, 1, 1));
    assertThatThrownBy(() -> m.add("a", new Mask(1, 1, 1), new Mask(1, 1, 1)))
        .hasMessage("image a was already added");
  }
}
