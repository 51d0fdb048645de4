package org.aoissl.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ScoreKernelTest {
  /** Scores of rows {@code from..to} against strip {@code s} of keys packed from {@code keys}, by hand. */
  private static void assertKernelScores(ScoreKernel kernel, int dim, int numKeys, int numRows) {
    SplittableRandom r = new SplittableRandom(dim * 1000L + numKeys);
    float[] keys = new float[numKeys * dim];
    float[] queries = new float[numRows * dim];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = (float) r.nextGaussian();
    }
    for (int i = 0; i < queries.length; i++) {
      queries[i] = (float) r.nextGaussian();
    }
    int[] ids = new int[numKeys];
    for (int j = 0; j < numKeys; j++) {
      ids[j] = numKeys - 1 - j; // packed in reverse, so position and entry id differ
    }
    int[] rows = new int[numRows + 2];
    for (int i = 0; i < numRows; i++) {
      rows[i + 1] = numRows - 1 - i; // rows[1..numRows] visit the queries in reverse
    }
    PackedKeys packed = PackedKeys.of(keys, dim, ids);
    BestK best = new BestK(numRows, numKeys);
    packed.scan(queries, rows, 1, numRows + 1, kernel, PackedKeys.buffer(numRows), best);
    Neighbors nb = best.toNeighbors(numRows);
    for (int q = 0; q < numRows; q++) {
      for (int j = 0; j < numKeys; j++) {
        int id = nb.id(q, j);
        double dot = 0;
        for (int d = 0; d < dim; d++) {
          dot += (double) queries[q * dim + d] * keys[id * dim + d];
        }
        assertThat((double) nb.sim(q, j)).as("query %d, key %d", q, id).isCloseTo(dot, within(1e-4 * dim));
        if (j > 0) {
          assertThat(nb.sim(q, j)).isLessThanOrEqualTo(nb.sim(q, j - 1));
        }
      }
    }
  }

  @Test
  void bothKernelsScoreEveryKeyOfPartialStripsForOddRowCountsAndDimensions() {
    for (ScoreKernel kernel : new ScoreKernel[] {new ScalarScoreKernel(), new VectorScoreKernel()}) {
      for (int[] c : new int[][] {{1, 1, 1}, {5, 63, 3}, {19, 64, 4}, {384, 150, 9}, {33, 200, 6}}) {
        assertKernelScores(kernel, c[0], c[1], c[2]);
      }
    }
  }

  @Test
  void theTestsRunTheVectorKernel() {
    // the build passes --add-modules jdk.incubator.vector to the tests, as the launcher does
    assertThat(Kernels.simd()).isTrue();
    assertThat(ScoreKernel.fastest()).isInstanceOf(VectorScoreKernel.class);
  }

  @Test
  void bestKeepsTheKHighestAndTheLowerIdOfATieWhateverTheOrderOfOffers() {
    float[] scores = {0.5f, 0.9f, 0.5f, 0.1f, 0.9f};
    int[] ids = {7, 3, 2, 9, 1};
    BestK forward = new BestK(1, 3);
    forward.offer(0, scores, 0, 5, ids, 0);
    BestK split = new BestK(1, 3);
    BestK other = new BestK(1, 3);
    split.offer(0, scores, 3, 2, ids, 3);
    other.offer(0, scores, 0, 3, ids, 0);
    for (BestK b : new BestK[] {forward, split.merge(other)}) {
      Neighbors nb = b.toNeighbors(1);
      assertThat(new int[] {nb.id(0, 0), nb.id(0, 1), nb.id(0, 2)}).containsExactly(1, 3, 2);
      assertThat(new float[] {nb.sim(0, 0), nb.sim(0, 1), nb.sim(0, 2)}).containsExactly(0.9f, 0.9f, 0.5f);
    }
  }
}
