package org.aoissl.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.aoissl.bench.ClusteredKeys;
import org.aoissl.io.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HnswIndexTest {
  private static final int DIM = 64;

  @TempDir Path tmp;

  @Test
  void defaultParamsReachRecallAt10OfPoint95OnAClusteredBank() {
    long seed = 9101;
    int n = 10_000;
    int nq = 400;
    ClusteredKeys gen = new ClusteredKeys(DIM, seed);
    float[] keys = gen.sample(n, seed + 1);
    float[] queries = gen.sample(nq, seed + 2);
    try (HnswIndex hnsw = HnswIndex.build(keys, n, DIM, HnswParams.DEFAULT);
        ExactIndex exact = new ExactIndex(keys, n, DIM)) {
      double recall = Recall.atK(hnsw, exact, queries, nq, 10);
      System.out.printf("HnswIndexTest seed %d: %d x %d, recall@10 %.4f at %s%n", seed, n, DIM, recall,
          hnsw.params());
      assertThat(recall).isGreaterThanOrEqualTo(0.95);
    }
  }

  @Test
  void similaritiesAreTheCosinesOfTheReturnedEntries() {
    long seed = 9102;
    System.out.println("HnswIndexTest seed " + seed);
    int n = 3000;
    int nq = 100; // enough to split over the search threads
    ClusteredKeys gen = new ClusteredKeys(DIM, seed);
    float[] keys = gen.sample(n, seed + 1);
    float[] queries = gen.sample(nq, seed + 2);
    try (HnswIndex hnsw = HnswIndex.build(keys, n, DIM, HnswParams.DEFAULT)) {
      assertThat(hnsw.size()).isEqualTo(n);
      assertThat(hnsw.dim()).isEqualTo(DIM);
      Neighbors found = hnsw.search(queries, nq, 8);
      for (int q = 0; q < nq; q++) {
        for (int j = 0; j < 8; j++) {
          int id = found.id(q, j);
          assertThat(found.sim(q, j)).as("query %d neighbour %d", q, j)
              .isCloseTo((float) TestKeys.dot(queries, q, keys, id, DIM), within(1e-6f));
          if (j > 0) {
            assertThat(found.sim(q, j)).isLessThanOrEqualTo(found.sim(q, j - 1));
          }
        }
      }
      // every key finds itself first
      Neighbors self = hnsw.search(keys, 200, 1);
      for (int i = 0; i < 200; i++) {
        assertThat(self.id(i, 0)).isEqualTo(i);
      }
    }
  }

  @Test
  void aTwoThreadBuildMapsEveryEntryBack() {
    long seed = 9104;
    int n = 2500;
    ClusteredKeys gen = new ClusteredKeys(DIM, seed);
    float[] keys = gen.sample(n, seed + 1);
    float[] queries = gen.sample(200, seed + 2);
    List<float[]> chunks = List.of(java.util.Arrays.copyOfRange(keys, 0, 1500 * DIM),
        java.util.Arrays.copyOfRange(keys, 1500 * DIM, n * DIM));
    try (HnswIndex hnsw = HnswIndex.build(chunks.iterator(), n, DIM,
            HnswParams.DEFAULT.withBuildThreads(2));
        ExactIndex exact = new ExactIndex(keys, n, DIM)) {
      double recall = Recall.atK(hnsw, exact, queries, 200, 10);
      System.out.printf("HnswIndexTest seed %d: two build threads, recall@10 %.4f%n", seed, recall);
      assertThat(recall).isGreaterThanOrEqualTo(0.95);
      // ids of both chunks, indexed by both threads, map back: keys 1000..1999 find themselves
      float[] some = java.util.Arrays.copyOfRange(keys, 1000 * DIM, 2000 * DIM);
      Neighbors self = hnsw.search(some, 1000, 1);
      int found = 0;
      for (int i = 0; i < 1000; i++) {
        found += self.id(i, 0) == 1000 + i ? 1 : 0;
      }
      assertThat(found).isGreaterThanOrEqualTo(995);
    }
  }

  @Test
  void aPersistedIndexReopensWithTheSameResults() throws IOException {
    long seed = 9103;
    System.out.println("HnswIndexTest seed " + seed);
    int n = 3000;
    ClusteredKeys gen = new ClusteredKeys(DIM, seed);
    float[] keys = gen.sample(n, seed + 1);
    float[] queries = gen.sample(50, seed + 2);
    Path dir = tmp.resolve("bank.aoibank.hnsw");
    HnswParams params = new HnswParams(12, 60, 40);
    Neighbors before;
    List<float[]> chunks = List.of(java.util.Arrays.copyOfRange(keys, 0, 1000 * DIM),
        java.util.Arrays.copyOfRange(keys, 1000 * DIM, n * DIM));
    try (HnswIndex built = HnswIndex.build(dir, "crc-1234", chunks.iterator(), n, DIM, params)) {
      before = built.search(queries, 50, 10);
    }
    try (Stream<Path> s = Files.list(tmp)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("bank.aoibank.hnsw");
    }
    try (HnswIndex reopened = HnswIndex.open(dir, "crc-1234")) {
      assertThat(reopened.params()).isEqualTo(params);
      assertThat(reopened.tag()).isEqualTo("crc-1234");
      Neighbors after = reopened.search(queries, 50, 10);
      assertThat(after.ids()).containsExactly(before.ids());
      assertThat(after.sims()).containsExactly(before.sims());
    }
  }

  @Test
  void anIndexBuiltForAnotherBankOrNoIndexIsRefused() throws IOException {
    Path dir = tmp.resolve("a.hnsw");
    float[] keys = TestKeys.unit(200, 16, 5);
    HnswIndex.build(dir, "tag-a", keys, 200, 16, HnswParams.DEFAULT).close();
    assertThatThrownBy(() -> HnswIndex.open(dir, "tag-b"))
        .isInstanceOf(BadInputException.class)
        .hasMessage(dir + ": HNSW index was built for another bank (tag tag-a, expected tag-b);"
            + " delete the folder to rebuild it");
    Path empty = Files.createDirectory(tmp.resolve("empty.hnsw"));
    assertThatThrownBy(() -> HnswIndex.open(empty, "tag-a"))
        .isInstanceOf(BadInputException.class)
        .hasMessage(empty + ": not an HNSW index folder (no Lucene commit in it)");
    assertThatThrownBy(() -> HnswIndex.open(tmp.resolve("missing.hnsw"), "tag-a"))
        .isInstanceOf(BadInputException.class)
        .hasMessageEndingWith("missing.hnsw: HNSW index folder not found");
    // the target must be new: a stale index is not overwritten
    assertThatThrownBy(() -> HnswIndex.build(dir, "tag-b", keys, 200, 16, HnswParams.DEFAULT))
        .isInstanceOf(BadInputException.class);
  }
}
