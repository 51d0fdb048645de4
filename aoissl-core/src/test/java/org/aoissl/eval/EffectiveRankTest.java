package org.aoissl.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class EffectiveRankTest {
  @Test
  void aRankOneMatrixHasRankMeOne() {
    float[] v = {1, -2, 3, 0.5f};
    float[] z = new float[5 * 4];
    for (int i = 0; i < 5; i++) {
      for (int j = 0; j < 4; j++) {
        z[i * 4 + j] = (i + 1) * v[j];
      }
    }
    assertThat(EffectiveRank.rankMe(z, 5, 4)).isCloseTo(1.0, within(1e-4));
  }

  @Test
  void orthogonalRowsOfEqualNormHaveRankMeD() {
    float[] hadamard = {
      1, 1, 1, 1,
      1, -1, 1, -1,
      1, 1, -1, -1,
      1, -1, -1, 1};
    assertThat(EffectiveRank.singularValues(hadamard, 4, 4))
        .containsExactly(new double[] {2, 2, 2, 2}, within(1e-6));
    assertThat(EffectiveRank.rankMe(hadamard, 4, 4)).isCloseTo(4.0, within(1e-5));
  }

  @Test
  void aTwoByTwoCaseByHand() {
    // [[1,2],[2,1]] is symmetric with eigenvalues 3 and -1: σ = (3, 1), p = (3/4, 1/4),
    // H = 0.75·ln(4/3) + 0.25·ln 4 = 0.5623351, RankMe = e^H = 1.7547654.
    float[] z = {1, 2, 2, 1};
    assertThat(EffectiveRank.singularValues(z, 2, 2)).containsExactly(new double[] {3, 1}, within(1e-9));
    assertThat(EffectiveRank.rankMe(z, 2, 2)).isCloseTo(1.7547654, within(1e-6));
  }

  @Test
  void moreRowsThanColumnsGiveMinNDValues() {
    float[] z = {3, 0, 0, 4, 0, 0}; // 3x2: columns orthogonal with norms 3 and 4
    assertThat(EffectiveRank.singularValues(z, 3, 2)).containsExactly(new double[] {4, 3}, within(1e-9));
    assertThat(EffectiveRank.rankMe(new double[] {0, 0})).isZero();
  }
}
