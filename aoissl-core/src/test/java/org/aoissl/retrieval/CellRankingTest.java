package org.aoissl.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CellRankingTest {
  private static final int DIM = 16;

  private static float dot(float[] a, int i, float[] b, int j) {
    float s = 0;
    for (int d = 0; d < DIM; d++) {
      s += a[i * DIM + d] * b[j * DIM + d];
    }
    return s;
  }

  @Test
  void fewCentroidsAreAllScored() {
    float[] c = IvfIndexTest.keys(CellRanking.ROUTED_ABOVE, DIM, 30, 1);
    assertThat(new CellRanking(c, DIM).grouped()).isFalse();
  }

  @Test
  void manyCentroidsAreRankedThroughGroupsWithTrueScoresAndNearlyTheExactBest() {
    int cells = 3000;
    int nq = 300;
    float[] c = IvfIndexTest.keys(cells, DIM, 60, 2);
    float[] q = IvfIndexTest.keys(nq, DIM, 60, 3);
    CellRanking ranking = new CellRanking(c, DIM);
    assertThat(ranking.grouped()).isTrue();
    ScoreKernel kernel = ScoreKernel.fastest();
    Neighbors got = ranking.rank(q, nq, 8, kernel);
    Neighbors exact = ranking.rank(q, nq, cells, kernel); // a large share of the cells: every centroid scored
    int sameBest = 0;
    for (int i = 0; i < nq; i++) {
      for (int j = 0; j < 8; j++) {
        assertThat(got.sim(i, j)).as("query %d rank %d", i, j).isCloseTo(dot(q, i, c, got.id(i, j)), within(1e-5f));
        if (j > 0) {
          assertThat(got.sim(i, j)).isLessThanOrEqualTo(got.sim(i, j - 1));
        }
      }
      sameBest += got.id(i, 0) == exact.id(i, 0) ? 1 : 0;
    }
    // Exact ranking is what the groups approximate: all but a few queries find the same best cell.
    assertThat(sameBest).isGreaterThan(nq * 9 / 10);
    float best = -2;
    for (int j = 0; j < cells; j++) {
      best = Math.max(best, dot(q, 0, c, j));
    }
    assertThat(exact.sim(0, 0)).isCloseTo(best, within(1e-5f));
  }

  @Test
  void aKeysCellIsTheBestRankedCellWhetherPlacedAloneOrAmongOthers() {
    int cells = 1500;
    float[] c = IvfIndexTest.keys(cells, DIM, 50, 4);
    float[] k = IvfIndexTest.keys(400, DIM, 50, 5);
    CellRanking ranking = new CellRanking(c, DIM);
    int[] all = ranking.nearest(k, 0, 400);
    int[] tail = ranking.nearest(k, 250, 400);
    Neighbors ranked = ranking.rank(k, 400, 1, ScoreKernel.fastest());
    for (int i = 0; i < 400; i++) {
      assertThat(all[i]).isEqualTo(ranked.id(i, 0));
    }
    assertThat(tail).containsExactly(Arrays.copyOfRange(all, 250, 400));
    assertThat(ranking.nearest(k, 250, 400, 64)).as("placed 64 keys per search").containsExactly(tail);
  }
}
