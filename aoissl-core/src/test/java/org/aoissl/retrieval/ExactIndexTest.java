package org.aoissl.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExactIndexTest {
  private static final int DIM = 32;

  @Test
  void equalsABruteForceScan() {
    long seed = 7301;
    System.out.println("ExactIndexTest seed " + seed);
    int n = 3000;
    int nq = 40;
    int k = 7;
    float[] keys = TestKeys.unit(n, DIM, seed);
    float[] queries = TestKeys.unit(nq, DIM, seed + 1);
    Neighbors expected = TestKeys.bruteForce(keys, n, queries, nq, DIM, k, 1e-6);
    try (ExactIndex index = new ExactIndex(keys, n, DIM)) {
      assertThat(index.size()).isEqualTo(n);
      assertThat(index.dim()).isEqualTo(DIM);
      assertSame(index.search(queries, nq, k), expected);
    }
  }

  @Test
  void rowChunksAndQueryPassesGiveTheSameResult() {
    long seed = 7302;
    System.out.println("ExactIndexTest seed " + seed);
    int n = 3000;
    int nq = 50;
    int k = 7;
    float[] keys = TestKeys.unit(n, DIM, seed);
    float[] queries = TestKeys.unit(nq, DIM, seed + 1);
    Neighbors expected = TestKeys.bruteForce(keys, n, queries, nq, DIM, k, 1e-6);
    try (ExactIndex index = new ExactIndex(keys, n, DIM)) {
      // 5 row chunks (the last one partial) and 4 query passes (the last one partial)
      assertSame(index.chunking(700, 16).search(queries, nq, k), expected);
      // chunks smaller than k: each contributes all its rows
      assertSame(index.chunking(5, 7).search(queries, nq, k), expected);
    }
  }

  @Test
  void chunkedKeysEqualOneArray() {
    long seed = 7303;
    System.out.println("ExactIndexTest seed " + seed);
    int n = 1000;
    float[] keys = TestKeys.unit(n, DIM, seed);
    float[] queries = TestKeys.unit(20, DIM, seed + 1);
    List<float[]> chunks = List.of(java.util.Arrays.copyOfRange(keys, 0, 300 * DIM),
        java.util.Arrays.copyOfRange(keys, 300 * DIM, 301 * DIM),
        java.util.Arrays.copyOfRange(keys, 301 * DIM, n * DIM));
    try (ExactIndex whole = new ExactIndex(keys, n, DIM);
        ExactIndex parts = ExactIndex.fromChunks(n, DIM, chunks.iterator())) {
      Neighbors a = whole.search(queries, 20, 5);
      Neighbors b = parts.search(queries, 20, 5);
      assertThat(b.ids()).containsExactly(a.ids());
      assertThat(b.sims()).containsExactly(a.sims());
    }
    assertThatThrownBy(() -> ExactIndex.fromChunks(n + 1, DIM, chunks.iterator()))
        .hasMessage("chunks hold 1000 keys; expected 1001");
  }

  @Test
  void searchesLeaveNothingOnTheIndexManager() {
    long seed = 7304;
    System.out.println("ExactIndexTest seed " + seed);
    float[] keys = TestKeys.unit(500, DIM, seed);
    float[] queries = TestKeys.unit(12, DIM, seed + 1);
    try (ExactIndex index = new ExactIndex(keys, 500, DIM).chunking(200, 5)) {
      index.search(queries, 12, 4);
      int before = index.manager().getManagedArrays().size();
      for (int i = 0; i < 1000; i++) {
        index.search(queries, 12, 4);
      }
      assertThat(index.manager().getManagedArrays().size()).isEqualTo(before);
    }
  }

  @Test
  void refusesKBeyondTheBankAndShortQueries() {
    try (ExactIndex index = new ExactIndex(TestKeys.unit(10, DIM, 1), 10, DIM)) {
      float[] q = TestKeys.unit(2, DIM, 2);
      assertThatThrownBy(() -> index.search(q, 2, 11))
          .hasMessage("k must be in [1, 10] (the bank size); got 11");
      assertThatThrownBy(() -> index.search(q, 3, 1))
          .hasMessage("3 queries of dim 32 need 96 floats; got 64");
      assertThat(index.search(q, 0, 3).ids()).isEmpty();
    }
  }

  static void assertSame(Neighbors actual, Neighbors expected) {
    assertThat(actual.queries()).isEqualTo(expected.queries());
    assertThat(actual.k()).isEqualTo(expected.k());
    assertThat(actual.ids()).containsExactly(expected.ids());
    for (int i = 0; i < expected.sims().length; i++) {
      assertThat(actual.sims()[i]).as("sim %d", i).isCloseTo(expected.sims()[i], within(1e-5f));
    }
  }
}
