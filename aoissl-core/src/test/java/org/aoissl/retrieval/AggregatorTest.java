package org.aoissl.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.api.Assertions.withinPercentage;

import org.junit.jupiter.api.Test;

class AggregatorTest {
  /** One query whose neighbours are entries 0, 1, 2 at cosine 0.9, 0.5, 0.1. */
  private static final Neighbors ONE = new Neighbors(1, 3, new int[] {0, 1, 2},
      new float[] {0.9f, 0.5f, 0.1f});

  /** Two classes, multi-label: entry 0 is all class 0 and half class 1, etc. */
  private static final ToyLabels LABELS = ToyLabels.ofFractions(
      new float[] {1f, 0.5f}, new float[] {0f, 1f}, new float[] {0.25f, 0.25f});

  @Test
  void distanceWeightsAreNormalisedInverseCosineDistances() {
    // d = 0.1, 0.5, 0.9 -> 1/d = 10, 2, 10/9 -> sum 118/9 -> 45/59, 9/59, 5/59
    float[] w = new DistanceAggregator().weights(ONE, 0, 3);
    assertThat(w[0]).isCloseTo(45f / 59, offset(1e-6f));
    assertThat(w[1]).isCloseTo(9f / 59, offset(1e-6f));
    assertThat(w[2]).isCloseTo(5f / 59, offset(1e-6f));
  }

  @Test
  void distanceWeightsOfTheBestTwoOnly() {
    // 10 and 2 of 12
    float[] w = new DistanceAggregator().weights(ONE, 0, 2);
    assertThat(w).hasSize(2);
    assertThat(w[0]).isCloseTo(5f / 6, offset(1e-6f));
    assertThat(w[1]).isCloseTo(1f / 6, offset(1e-6f));
  }

  @Test
  void anIdenticalNeighbourTakesAllTheWeightEvenAboveCosineOne() {
    // cos slightly above 1 from rounding must not give a negative distance
    Neighbors nb = new Neighbors(1, 2, new int[] {0, 1}, new float[] {1.0000001f, 0.5f});
    float[] w = new DistanceAggregator().weights(nb, 0, 2);
    assertThat(w[0]).isCloseTo(1f, offset(1e-6f));
    assertThat(w[1]).isBetween(0f, 1e-7f);
  }

  @Test
  void attentionWeightsAtBetaOneAreASoftmaxOfTheCosines() {
    // e^0, e^-0.4, e^-0.8 = 1, 0.670320, 0.449329 over their sum 2.119649
    float[] w = new AttentionAggregator(1f).weights(ONE, 0, 3);
    assertThat(w[0]).isCloseTo(0.4717762f, offset(1e-6f));
    assertThat(w[1]).isCloseTo(0.3162411f, offset(1e-6f));
    assertThat(w[2]).isCloseTo(0.2119827f, offset(1e-6f));
  }

  @Test
  void attentionWeightsAtHummingbirdsBetaConcentrateOnTheNearest() {
    // logits 45, 25, 5: weights 1/(1 + e^-20 + e^-40), e^-20, e^-40 (relative to the first)
    float[] w = new AttentionAggregator().weights(ONE, 0, 3);
    assertThat(w[0]).isCloseTo(1f, offset(1e-6f));
    assertThat((double) w[1]).isCloseTo(2.0611536e-9, withinPercentage(0.01));
    assertThat((double) w[2]).isCloseTo(4.2483542e-18, withinPercentage(0.01));
  }

  @Test
  void attentionNeedsNoSortedNeighbours() {
    Neighbors shuffled = new Neighbors(1, 3, new int[] {2, 0, 1}, new float[] {0.1f, 0.9f, 0.5f});
    float[] w = new AttentionAggregator(1f).weights(shuffled, 0, 3);
    assertThat(w[0]).isCloseTo(0.2119827f, offset(1e-6f));
    assertThat(w[1]).isCloseTo(0.4717762f, offset(1e-6f));
    assertThat(w[2]).isCloseTo(0.3162411f, offset(1e-6f));
  }

  @Test
  void patchScoresAreWeightedMultiLabelFractions() {
    // class 0: (45·1 + 9·0 + 5·0.25) / 59 = 46.25/59; class 1: (45·0.5 + 9·1 + 5·0.25) / 59 = 32.75/59
    float[] s = new DistanceAggregator().patchScores(ONE, LABELS, 3);
    assertThat(s).hasSize(2);
    assertThat(s[0]).isCloseTo(46.25f / 59, offset(1e-6f));
    assertThat(s[1]).isCloseTo(32.75f / 59, offset(1e-6f));
  }

  @Test
  void patchScoresUseOnlyTheFirstKNeighboursOfEachQuery() {
    // query 0 as above with k = 2: class 0 = 5/6, class 1 = 5/6·0.5 + 1/6 = 7/12
    // query 1: neighbours 2 (cos 0.8) and 1 (cos 0.6): d = 0.2, 0.4 -> weights 2/3, 1/3;
    //          class 0 = 2/3·0.25 = 1/6, class 1 = 2/3·0.25 + 1/3 = 1/2
    Neighbors two = new Neighbors(2, 3, new int[] {0, 1, 2, 2, 1, 0},
        new float[] {0.9f, 0.5f, 0.1f, 0.8f, 0.6f, 0.0f});
    float[] s = new DistanceAggregator().patchScores(two, LABELS, 2);
    assertThat(s).containsExactly(new float[] {5f / 6, 7f / 12, 1f / 6, 0.5f}, offset(1e-6f));
  }

  @Test
  void attentionPatchScores() {
    // β = 1: class 0 = 0.4717762 + 0.25·0.2119827; class 1 = 0.5·0.4717762 + 0.3162411 + 0.25·0.2119827
    float[] s = new AttentionAggregator(1f).patchScores(ONE, LABELS, 3);
    assertThat(s[0]).isCloseTo(0.5247719f, offset(1e-6f));
    assertThat(s[1]).isCloseTo(0.6051249f, offset(1e-6f));
  }

  @Test
  void kOutsideTheRetrievedRangeIsRejected() {
    assertThatThrownBy(() -> new DistanceAggregator().patchScores(ONE, LABELS, 4))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[1, 3]");
    assertThatThrownBy(() -> new AttentionAggregator().weights(ONE, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void betaMustBePositive() {
    assertThatThrownBy(() -> new AttentionAggregator(0f))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("beta");
    assertThatThrownBy(() -> new AttentionAggregator(Float.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
