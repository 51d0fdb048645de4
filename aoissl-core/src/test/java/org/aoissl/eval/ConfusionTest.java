package org.aoissl.eval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConfusionTest {
  @Test
  void aMultiLabelPixelCountsInEveryPairOfItsClasses() {
    Confusion c = new Confusion(2);
    // Pixels: gt {0,1} pred {0}; gt none pred {1}; gt {1} pred none; ignored; gt {0,1} pred {0,1}.
    c.add("a", Masks.of(2, "12.13"), Masks.of(2, "3.2X3"));
    // Rows gt 0, 1, none; columns pred 0, 1, none.
    assertThat(c.counts()).isDeepEqualTo(new long[][] {
      {2, 1, 0},
      {2, 1, 1},
      {0, 1, 0}});
    assertThat(c.count(2, 1)).isEqualTo(1);
  }

  @Test
  void countsAddUpOverImages() {
    Confusion c = new Confusion(1);
    c.add("a", Masks.of(1, "1."), Masks.of(1, "11"));
    c.add("b", Masks.of(1, ".."), Masks.of(1, ".1"));
    assertThat(c.counts()).isDeepEqualTo(new long[][] {{1, 2}, {0, 1}});
  }
}
