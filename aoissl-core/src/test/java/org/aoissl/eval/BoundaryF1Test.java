package org.aoissl.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BoundaryF1Test {
  @Test
  void boundaryIsTheInnerRingAndTheImageBorderMakesNone() {
    boolean[] b = BoundaryF1.boundary(Masks.rect(5, 5, 1, 3, 1, 3), 5, 5);
    assertThat(b).isEqualTo(Masks.binary(
        ".....",
        ".###.",
        ".#.#.",
        ".###.",
        "....."));
    boolean[] full = Masks.rect(3, 4, 0, 2, 0, 3);
    assertThat(Masks.count(BoundaryF1.boundary(full, 3, 4))).isZero();
    // A block in the corner: only its sides facing the inside are boundary.
    assertThat(BoundaryF1.boundary(Masks.rect(3, 3, 0, 1, 0, 1), 3, 3)).isEqualTo(Masks.binary(
        ".#.",
        "##.",
        "..."));
  }

  @Test
  void aOnePixelShiftFailsAtToleranceZeroAndPassesAtOne() {
    // 4x4 squares rows 2..5; gt cols 2..5, prediction cols 3..6. Each ring has 12 pixels; they share
    // rows 2 and 5 at cols 3..5 = 6 pixels. Every other ring pixel is 1 px from the other ring.
    var gt = Masks.mask(Masks.rect(10, 10, 2, 5, 2, 5), 10, 10);
    var pred = Masks.mask(Masks.rect(10, 10, 2, 5, 3, 6), 10, 10);
    BoundaryF1 strict = new BoundaryF1(1, 0);
    strict.add("a", pred, gt);
    assertThat(strict.precision()[0]).isCloseTo(0.5, within(1e-12));
    assertThat(strict.recall()[0]).isCloseTo(0.5, within(1e-12));
    assertThat(strict.f1()[0]).isCloseTo(0.5, within(1e-12));
    BoundaryF1 loose = new BoundaryF1(1, 1);
    loose.add("a", pred, gt);
    assertThat(loose.f1()[0]).isEqualTo(1.0);
    assertThat(new BoundaryF1(1).tolerance()).isEqualTo(2);
  }

  @Test
  void aDiagonalNeighbourIsOutsideToleranceOne() {
    // Single-pixel objects are their own boundary; (1,1) to (2,2) is sqrt(2) > 1.
    var gt = Masks.of(1, ".....", ".1...", ".....", ".....");
    var pred = Masks.of(1, ".....", ".....", "..1..", ".....");
    BoundaryF1 one = new BoundaryF1(1, 1);
    one.add("a", pred, gt);
    assertThat(one.f1()[0]).isZero();
    BoundaryF1 two = new BoundaryF1(1, 2);
    two.add("a", pred, gt);
    assertThat(two.f1()[0]).isEqualTo(1.0);
  }

  @Test
  void countsArePooledOverImages() {
    BoundaryF1 m = new BoundaryF1(1, 0);
    var ring = Masks.mask(Masks.rect(5, 5, 1, 3, 1, 3), 5, 5); // 8 boundary pixels
    m.add("a", ring, ring);
    m.add("b", Masks.mask(new boolean[25], 5, 5), ring);
    // Precision 8/8, recall 8/16: F1 = 2·0.5/1.5.
    assertThat(m.precision()[0]).isEqualTo(1.0);
    assertThat(m.recall()[0]).isEqualTo(0.5);
    assertThat(m.f1()[0]).isCloseTo(2.0 / 3, within(1e-12));
  }
}
