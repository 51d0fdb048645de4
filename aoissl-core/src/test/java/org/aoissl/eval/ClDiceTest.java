package org.aoissl.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ClDiceTest {
  private static final int H = 9;
  private static final int W = 19;
  /** 5-px bar, rows 2..6 x cols 2..16; its skeleton is row 4 x cols 4..13 (see SkeletonTest). */
  private static final boolean[] BAR = Masks.rect(H, W, 2, 6, 2, 16);

  @Test
  void aStraightLinePredictedExactlyScoresOne() {
    boolean[] line = Masks.rect(H, W, 4, 4, 1, 17);
    assertThat(ClDice.counts(line, line, H, W)).containsExactly(17, 17, 17, 17);
    assertThat(ClDice.of(line, line, H, W)).isEqualTo(1.0);
  }

  @Test
  void theCenterlineOfAThickBarScoresOneThoughItsIouIsAFifth() {
    boolean[] centerline = Masks.rect(H, W, 4, 4, 2, 16);
    // S(pred) = the 15-px line, all inside the bar; S(bar) = 10 px, all on the line.
    assertThat(ClDice.counts(centerline, BAR, H, W)).containsExactly(15, 15, 10, 10);
    assertThat(ClDice.of(centerline, BAR, H, W)).isEqualTo(1.0);
  }

  @Test
  void halfACenterlineLosesSensitivity() {
    boolean[] half = Masks.rect(H, W, 4, 4, 2, 9);
    // Tprec = 8/8; Tsens = |cols 4..9| / |cols 4..13| = 6/10; clDice = 2·0.6/1.6.
    assertThat(ClDice.counts(half, BAR, H, W)).containsExactly(8, 8, 6, 10);
    assertThat(ClDice.of(half, BAR, H, W)).isCloseTo(0.75, within(1e-12));
  }

  @Test
  void emptySidesScoreZeroOrNothing() {
    boolean[] none = new boolean[H * W];
    assertThat(ClDice.of(none, BAR, H, W)).isZero();
    assertThat(ClDice.of(BAR, none, H, W)).isZero();
    assertThat(ClDice.of(none, none, H, W)).isNaN();
  }

  @Test
  void pooledSumsCountsWhilePerImageAveragesScores() {
    ClDice m = new ClDice(1);
    boolean[] line = Masks.rect(3, 10, 1, 1, 1, 8); // 8 px
    m.add("a", Masks.mask(line, 3, 10), Masks.mask(line, 3, 10));
    boolean[] shortLine = Masks.rect(3, 10, 1, 1, 3, 6); // 4 px, missed
    m.add("b", Masks.mask(new boolean[30], 3, 10), Masks.mask(shortLine, 3, 10));
    // Pooled: Tprec = 8/8, Tsens = 8/12; clDice = 2·(2/3)/(5/3) = 0.8. Per image: (1 + 0) / 2.
    assertThat(m.pooled()[0]).isCloseTo(0.8, within(1e-12));
    assertThat(m.perImageMean()[0]).isCloseTo(0.5, within(1e-12));
    assertThat(m.topologyPrecision()[0]).isEqualTo(1.0);
    assertThat(m.topologySensitivity()[0]).isCloseTo(2.0 / 3, within(1e-12));
  }

  @Test
  void groundTruthIgnoredPixelsAreExcludedFromBothSkeletons() {
    ClDice m = new ClDice(1);
    // A stray predicted line lies in the ignored region (rows 3-4); the real line matches.
    m.add("a",
        Masks.of(1, "..........", "1111111111", "..........", "..1111....", ".........."),
        Masks.of(1, "..........", "1111111111", "..........", "xxxxxxxxxx", "xxxxxxxxxx"));
    assertThat(m.pooled()[0]).isEqualTo(1.0);
  }
}
