package org.aoissl.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.aoissl.data.ClassSet;
import org.aoissl.data.Mask;
import org.junit.jupiter.api.Test;

class MaskSummaryTest {
  @Test
  void countsComponentsCentresAndDiameters() {
    Mask m = new Mask(2, 20, 30);
    // class 0: a horizontal wire of 10 px at row 2 (x 5..14) and a diagonal one of 4 px
    for (int x = 5; x < 15; x++) {
      m.set(0, 2, x, true);
    }
    for (int i = 0; i < 4; i++) {
      m.set(0, 10 + i, 20 + i, true);
    }
    // class 1: a 3×3 ball centred at (x 4, y 15) and a single pixel at (x 28, y 18)
    for (int y = 14; y <= 16; y++) {
      for (int x = 3; x <= 5; x++) {
        m.set(1, y, x, true);
      }
    }
    m.set(1, 18, 28, true);
    m.set(1, 19, 29, true);
    m.setIgnored(19, 29, true);

    List<MaskSummary.ClassSummary> s = MaskSummary.of(m, ClassSet.of("wire", "ball"));

    MaskSummary.ClassSummary wire = s.get(0);
    assertThat(wire.name()).isEqualTo("wire");
    assertThat(wire.pixels()).isEqualTo(14);
    assertThat(wire.fraction()).isCloseTo(14.0 / 600, within(1e-12));
    assertThat(wire.components()).isEqualTo(2);
    assertThat(wire.skeletonLength()).isCloseTo(9 + 3 * Math.sqrt(2), within(1e-9));

    MaskSummary.ClassSummary ball = s.get(1);
    assertThat(ball.pixels()).isEqualTo(10);
    assertThat(ball.components()).isEqualTo(2);
    MaskSummary.Component c = ball.instances().get(0);
    assertThat(c.area()).isEqualTo(9);
    assertThat(c.cx()).isCloseTo(4, within(1e-12));
    assertThat(c.cy()).isCloseTo(15, within(1e-12));
    assertThat(new int[] {c.x0(), c.y0(), c.x1(), c.y1()}).containsExactly(3, 14, 5, 16);
    assertThat(c.diameter()).isCloseTo(2 * Math.sqrt(9 / Math.PI), within(1e-12));
    assertThat(ball.instances().get(1).area()).isEqualTo(1);
  }

  @Test
  void staircaseCornersAreNotCountedTwice() {
    // (0,0) (0,1) (1,1) (2,2): right 1, down 1, then a diagonal √2; the corner's diagonal is skipped
    boolean[] line = new boolean[9];
    line[0] = true;
    line[1] = true;
    line[4] = true;
    line[8] = true;
    assertThat(MaskSummary.skeletonLength(line, 3, 3)).isCloseTo(2 + Math.sqrt(2), within(1e-12));
  }

  @Test
  void anEmptyMaskHasNothing() {
    List<MaskSummary.ClassSummary> s = MaskSummary.of(new Mask(1, 4, 4), ClassSet.of("wire"));
    assertThat(s.get(0).pixels()).isZero();
    assertThat(s.get(0).components()).isZero();
    assertThat(s.get(0).instances()).isEmpty();
    assertThat(s.get(0).skeletonLength()).isZero();
  }
}
