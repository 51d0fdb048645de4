package org.aoissl.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.aoissl.data.Mask;
import org.junit.jupiter.api.Test;

class ScoreHistogramTest {
  /** One row of 5 pixels: positives at 0 and 1, pixel 4 ignored (with a score that would hurt). */
  private static ScoreHistogram histogram() {
    Mask m = new Mask(1, 1, 5);
    m.set(0, 0, 0, true);
    m.set(0, 0, 1, true);
    m.setIgnored(0, 4, true);
    ScoreHistogram h = new ScoreHistogram();
    h.add(new float[] {0.9f, 0.3f, 0.6f, 0.1f, 0.99f}, 0, m);
    return h;
  }

  @Test
  void iouAtEachThresholdIsCountedByHand() {
    ScoreHistogram h = histogram();
    // t = 0.05: all four counted pixels predicted: TP 2, FP 2 -> 1/2.
    assertThat(h.iouAtBin(10)).isCloseTo(0.5, within(1e-12));
    // t = 0.3: {0.9, 0.3, 0.6}: TP 2, FP 1 -> 2/3 (the score equal to t counts).
    assertThat(h.iouAtBin(60)).isCloseTo(2.0 / 3, within(1e-12));
    // t = 0.6: {0.9, 0.6}: TP 1, FP 1, FN 1 -> 1/3.
    assertThat(h.iouAtBin(120)).isCloseTo(1.0 / 3, within(1e-12));
    // t = 0.9: {0.9}: TP 1, FN 1 -> 1/2.
    assertThat(h.iouAtBin(180)).isCloseTo(0.5, within(1e-12));
    assertThat(h.positives()).isEqualTo(2);
  }

  @Test
  void bestThresholdIsTheLowestWithTheBestIou() {
    ScoreHistogram h = histogram();
    // IoU 2/3 for every t in (0.1, 0.3]; the lowest multiple of 1/200 above 0.1 is 0.105.
    assertThat(h.bestThreshold()).isEqualTo(21f / 200);
    assertThat(h.bestIou()).isCloseTo(2.0 / 3, within(1e-12));
  }

  @Test
  void scoresOnBinEdgesCountAsAtOrAboveTheThreshold() {
    assertThat(ScoreHistogram.bin(0.5f)).isEqualTo(100);
    assertThat(ScoreHistogram.bin(1f)).isEqualTo(ScoreHistogram.BINS);
    assertThat(ScoreHistogram.bin(0f)).isZero();
    assertThat(ScoreHistogram.bin(Float.NaN)).isZero();
  }
}
