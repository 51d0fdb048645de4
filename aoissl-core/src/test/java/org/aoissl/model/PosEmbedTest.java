package org.aoissl.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PosEmbedTest {
  private static final float S1 = 0.84147098f; // sin(1)
  private static final float C1 = 0.54030231f; // cos(1)
  private static final float S01 = 0.0099998333f; // sin(0.01): ω_1 = 1/10000^(1/2)
  private static final float C01 = 0.99995000f; // cos(0.01)

  @Test
  void dim8Grid2x2MatchesHandValues() {
    // Per token: [sin(jω0), sin(jω1), cos(jω0), cos(jω1), sin(iω0), sin(iω1), cos(iω0), cos(iω1)]
    // with ω = (1, 0.01), j the column, i the row; CLS all zeros.
    float[] expected = {
      0, 0, 0, 0, 0, 0, 0, 0,
      0, 0, 1, 1, 0, 0, 1, 1,
      S1, S01, C1, C01, 0, 0, 1, 1,
      0, 0, 1, 1, S1, S01, C1, C01,
      S1, S01, C1, C01, S1, S01, C1, C01,
    };
    assertClose(PosEmbed.sinCos2d(8, 2, 2, true), expected, 1e-6f);
  }

  @Test
  void dim4WithoutClsNonSquareGridRunsRowMajor() {
    // dim 4: ω = (1); per token [sin j, cos j, sin i, cos i]; grid 2 rows x 3 columns.
    float[] pe = PosEmbed.sinCos2d(4, 2, 3, false);
    float s2 = (float) Math.sin(2);
    float c2 = (float) Math.cos(2);
    float[] expected = {
      0, 1, 0, 1,
      S1, C1, 0, 1,
      s2, c2, 0, 1,
      0, 1, S1, C1,
      S1, C1, S1, C1,
      s2, c2, S1, C1,
    };
    assertClose(pe, expected, 1e-6f);
  }

  @Test
  void aoiTSizedEmbeddingMatchesReferenceOutput() {
    // Values printed by MAE's get_2d_sincos_pos_embed(384, 14, cls_token=True) (numpy, float32).
    float[] pe = PosEmbed.sinCos2d(384, 14, 14, true);
    assertThat(pe).hasSize(197 * 384);
    float[] token5 = java.util.Arrays.copyOfRange(pe, 5 * 384, 5 * 384 + 6);
    assertClose(token5,
        new float[] {-0.7568025f, -0.47281042f, -0.15934215f, 0.14153895f, 0.40449303f,
            0.617633f}, 2e-6f);
    float[] token100 = java.util.Arrays.copyOfRange(pe, 100 * 384 + 190, 100 * 384 + 196);
    assertClose(token100,
        new float[] {1f, 1f, 0.6569866f, 0.076363236f, -0.48411867f, -0.8593135f}, 2e-6f);
    assertThat(pe[100 * 384 + 383]).isCloseTo(0.9999997f, within(2e-6f));
  }

  @Test
  void interpolationToTheSameGridIsTheIdentity() {
    float[] pe = PosEmbed.sinCos2d(8, 3, 3, true);
    assertThat(PosEmbed.interpolate(pe, 8, 1, 3, 3, 3, 3)).containsExactly(pe);
  }

  @Test
  void bicubicUpsamplingMatchesHandComputedKeysKernel() {
    // One dim, grid 1x2 holding (0, 1), resized to 1x4, A = -0.75, half-pixel centres, border clamp:
    // out 0: src -0.25 -> taps at -2,-1,0,1 (clamped 0,0,0,1), weight of tap 1 = k(1.25) = -0.10546875
    // out 1: src 0.25 -> taps -1,0,1,2 (clamped 0,0,1,1): k(0.75) + k(1.75) = 0.26171875 - 0.03515625
    // The CLS row (7) is kept.
    float[] pe = {7, 0, 1};
    float[] out = PosEmbed.interpolate(pe, 1, 1, 1, 2, 1, 4);
    assertClose(out, new float[] {7, -0.10546875f, 0.2265625f, 0.7734375f, 1.10546875f}, 1e-7f);
  }

  @Test
  void bicubicDownsamplingAveragesAndKeepsConstants() {
    // A constant field stays constant (weights sum to 1), in both directions.
    float[] pe = new float[1 + 4 * 6];
    java.util.Arrays.fill(pe, 1, pe.length, 0.5f);
    float[] down = PosEmbed.interpolate(pe, 1, 1, 4, 6, 2, 3);
    for (int i = 1; i < down.length; i++) {
      assertThat(down[i]).isCloseTo(0.5f, within(1e-6f));
    }
    // Halving a ramp 0,1,2,3: src = 0.5 and 2.5 (t = 0.5), tap weights k(1.5), k(.5), k(.5), k(1.5)
    // = -0.09375, 0.59375, 0.59375, -0.09375.
    float[] ramp = {0, 0, 1, 2, 3};
    float[] half = PosEmbed.interpolate(ramp, 1, 1, 1, 4, 1, 2);
    // out 0: taps -1,0,1,2 -> 0,0,1,2: 0.59375*1 - 0.09375*2 = 0.40625
    // out 1: taps 1,2,3,4 -> 1,2,3,3: -0.09375*1 + 0.59375*2 + 0.59375*3 - 0.09375*3 = 2.59375
    assertClose(half, new float[] {0, 0.40625f, 2.59375f}, 1e-6f);
  }

  @Test
  void rejectsWrongSizes() {
    assertThatThrownBy(() -> PosEmbed.sinCos2d(6, 2, 2, true))
        .hasMessage("dim must be a positive multiple of 4; got 6");
    assertThatThrownBy(() -> PosEmbed.interpolate(new float[10], 4, 1, 2, 2, 3, 3))
        .hasMessageContaining("position embedding has 10 values");
  }

  private static void assertClose(float[] actual, float[] expected, float tol) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.length; i++) {
      assertThat(actual[i]).as("value %d", i).isCloseTo(expected[i], within(tol));
    }
  }
}
