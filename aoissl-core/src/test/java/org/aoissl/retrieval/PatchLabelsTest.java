package org.aoissl.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.aoissl.data.Mask;
import org.junit.jupiter.api.Test;

class PatchLabelsTest {
  /**
   * A 4x4 mask of 3 classes in 2x2 patches:
   * <pre>
   *   patch (0,0): c0 | c0+c1 / none | ignored(c1)   patch (0,1): all ignored
   *   patch (1,0): c2 everywhere                      patch (1,1): c1 at (2,2), the rest none
   * </pre>
   */
  static Mask twoByTwo() {
    Mask m = new Mask(3, 4, 4);
    m.setClassBits(0, 0, 0b001);
    m.setClassBits(0, 1, 0b011);
    m.setClassBits(1, 1, 0b010);
    m.setIgnored(1, 1, true);
    for (int y = 0; y < 2; y++) {
      for (int x = 2; x < 4; x++) {
        m.setIgnored(y, x, true);
        m.setClassBits(y, x, 0b100);
      }
    }
    for (int y = 2; y < 4; y++) {
      for (int x = 0; x < 2; x++) {
        m.setClassBits(y, x, 0b100);
      }
    }
    m.setClassBits(2, 2, 0b010);
    return m;
  }

  @Test
  void fractionsCountOnlyNonIgnoredPixelsAndAreMultiLabel() {
    PatchLabels l = PatchLabels.of(twoByTwo(), 2);
    assertThat(l.gridH()).isEqualTo(2);
    assertThat(l.gridW()).isEqualTo(2);
    assertThat(l.cells()).isEqualTo(4);

    // (0,0): 3 non-ignored pixels; c0 in two, c1 in one (the ignored c1 pixel does not count).
    assertThat(l.valid(0)).isTrue();
    assertThat(l.fraction(0, 0)).isEqualTo(2f / 3);
    assertThat(l.fraction(0, 1)).isEqualTo(1f / 3);
    assertThat(l.fraction(0, 2)).isZero();
    assertThat(l.presence(0)).isEqualTo(0b011 | PatchLabels.BACKGROUND);

    // (0,1): every pixel ignored, so no label at all.
    assertThat(l.valid(1)).isFalse();
    assertThat(l.fraction(1, 2)).isZero();
    assertThat(l.presence(1)).isZero();

    assertThat(l.valid(2)).isTrue();
    assertThat(new float[] {l.fraction(2, 0), l.fraction(2, 1), l.fraction(2, 2)}).containsExactly(0f, 0f, 1f);
    assertThat(l.presence(2)).isEqualTo(0b100);

    assertThat(l.fraction(3, 1)).isEqualTo(0.25f);
    assertThat(l.fraction(3, 0) + l.fraction(3, 2)).isZero();
    assertThat(l.presence(3)).isEqualTo(0b010 | PatchLabels.BACKGROUND);
    assertThat(l.validCount()).isEqualTo(3);

    float[] f = new float[5];
    l.copyFractions(0, f, 2);
    assertThat(f).containsExactly(0f, 0f, 2f / 3, 1f / 3, 0f);
  }

  @Test
  void blocksHoldClassBitsAndIgnoreAlone() {
    Mask m = twoByTwo();
    assertThat(PatchLabels.block(m, 2, 0, 0)).containsExactly((short) 1, (short) 3, (short) 0, (short) LabelStore.IGNORE);
    assertThat(PatchLabels.block(m, 2, 0, 1)).containsOnly((short) LabelStore.IGNORE);
    assertThat(PatchLabels.block(m, 2, 1, 0)).containsOnly((short) 4);
    assertThat(PatchLabels.block(m, 2, 1, 1)).containsExactly((short) 2, (short) 0, (short) 0, (short) 0);
  }

  @Test
  void aMaskThatIsNotWholePatchesIsRefused() {
    assertThatThrownBy(() -> PatchLabels.of(new Mask(2, 6, 4), 4))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4x6");
  }
}
