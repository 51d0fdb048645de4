package org.aoissl.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import org.junit.jupiter.api.Test;

class BlockVotingTest {
  private static final int I = LabelStore.IGNORE;

  /** Two classes, 2×2 blocks, row-major: bit 0 = class 0, bit 1 = class 1, 0 = background. */
  private static final ToyLabels BLOCKS = ToyLabels.ofBlocks(2, 2,
      new int[] {1, 1, 2, 3},
      new int[] {I, 2, 0, 1},
      new int[] {I, I, 1, 2});

  /** A 1×2 patch grid; three neighbours retrieved, two used. */
  private static final Neighbors NB = new Neighbors(2, 3, new int[] {0, 1, 2, 1, 2, 0},
      new float[] {0.9f, 0.5f, 0.1f, 0.8f, 0.6f, 0.0f});

  @Test
  void pixelsAreWeightedVotesOfTheNeighboursBlocksSkippingIgnoredPixels() {
    // query 0: entries 0, 1 with weights 5/6, 1/6; query 1: entries 1, 2 with weights 2/3, 1/3.
    // q0 (0,0): entry 1 ignored -> entry 0 alone: class 0.   q1 (0,0): both ignored -> 0.
    // q0 (0,1): 5/6 class 0, 1/6 class 1.                     q1 (0,1): entry 2 ignored -> class 1.
    // q0 (1,0): 5/6 class 1, entry 1 background.              q1 (1,0): 1/3 class 0.
    // q0 (1,1): entry 0 both, entry 1 class 0.                q1 (1,1): 2/3 class 0, 1/3 class 1.
    float[] s = BlockVoting.pixelScores(NB, BLOCKS, new DistanceAggregator(), 2, 1, 2);
    assertThat(s).containsExactly(new float[] {
        1, 5f / 6, 0, 0, // class 0, row 0
        0, 1, 1f / 3, 2f / 3, // class 0, row 1
        0, 1f / 6, 0, 1, // class 1, row 0
        5f / 6, 5f / 6, 0, 1f / 3}, // class 1, row 1
        offset(1e-6f));
  }

  @Test
  void attentionWeightsWorkTheSameWay() {
    // β = 1, query 1 with k = 2: softmax(0.8, 0.6) = 1/(1 + e^-0.2), e^-0.2/(1 + e^-0.2)
    //   = 0.549834, 0.450166; pixel (1,1) of query 1: class 0 = 0.549834, class 1 = 0.450166
    float[] s = BlockVoting.pixelScores(NB, BLOCKS, new AttentionAggregator(1f), 2, 1, 2);
    assertThat(s[0 * 8 + 1 * 4 + 3]).isCloseTo(0.549834f, offset(1e-6f));
    assertThat(s[1 * 8 + 1 * 4 + 3]).isCloseTo(0.450166f, offset(1e-6f));
  }

  @Test
  void theGridMustMatchTheQueriesAndTheBankMustHoldBlocks() {
    assertThatThrownBy(() -> BlockVoting.pixelScores(NB, BLOCKS, new DistanceAggregator(), 2, 2, 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2x2");
    ToyLabels fractionsOnly = ToyLabels.ofFractions(new float[] {1, 0}, new float[] {0, 1},
        new float[] {1, 1});
    assertThatThrownBy(
        () -> BlockVoting.pixelScores(NB, fractionsOnly, new DistanceAggregator(), 2, 1, 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("label blocks");
  }
}
