package org.aoissl.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RecallTest {
  private static Neighbors of(int k, int... ids) {
    return new Neighbors(ids.length / k, k, ids, new float[ids.length]);
  }

  @Test
  void countsExactIdsFoundInAnyOrder() {
    Neighbors exact = of(3, 1, 2, 3, 4, 5, 6);
    Neighbors approx = of(3, 3, 9, 1, 6, 5, 4);
    assertThat(Recall.atK(approx, exact)).isEqualTo(5.0 / 6);
    assertThat(Recall.atK(exact, exact)).isEqualTo(1.0);
    assertThat(Recall.atK(of(3, 7, 8, 9, 0, 0, 0), exact)).isEqualTo(0.0);
  }

  @Test
  void ofTwoIndexesOnTheSameQueries() {
    float[] keys = TestKeys.unit(300, 8, 3);
    float[] queries = TestKeys.unit(10, 8, 4);
    try (ExactIndex a = new ExactIndex(keys, 300, 8); ExactIndex b = new ExactIndex(keys, 300, 8)) {
      assertThat(Recall.atK(a, b, queries, 10, 5)).isEqualTo(1.0);
    }
  }

  @Test
  void refusesMismatchedResults() {
    assertThatThrownBy(() -> Recall.atK(of(2, 1, 2), of(1, 1, 2)))
        .hasMessage("compare results of the same queries and k; got 1 x 2 and 2 x 1");
  }
}
