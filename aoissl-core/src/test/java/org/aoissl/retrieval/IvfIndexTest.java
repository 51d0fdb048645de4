package org.aoissl.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.aoissl.io.CorruptFileException;
import org.aoissl.io.TruncatedFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IvfIndexTest {
  /** {@code n} random unit rows of {@code dim} around {@code clusters} centres (so cells mean something). */
  static float[] keys(int n, int dim, int clusters, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[][] centres = new float[clusters][dim];
    for (float[] c : centres) {
      for (int d = 0; d < dim; d++) {
        c[d] = (float) r.nextGaussian();
      }
    }
    float[] out = new float[n * dim];
    for (int i = 0; i < n; i++) {
      float[] c = centres[r.nextInt(clusters)];
      double norm = 0;
      for (int d = 0; d < dim; d++) {
        out[i * dim + d] = c[d] + 0.5f * (float) r.nextGaussian();
        norm += out[i * dim + d] * out[i * dim + d];
      }
      for (int d = 0; d < dim; d++) {
        out[i * dim + d] /= (float) Math.sqrt(norm);
      }
    }
    return out;
  }

  static void assertSameNeighbours(Neighbors a, Neighbors e) {
    for (int i = 0; i < e.queries(); i++) {
      for (int j = 0; j < e.k(); j++) {
        assertThat(a.id(i, j)).as("query %d rank %d", i, j).isEqualTo(e.id(i, j));
        assertThat(a.sim(i, j)).isCloseTo(e.sim(i, j), within(1e-5f));
      }
    }
  }

  @Test
  void probingEveryCellGivesTheExactNeighbours() {
    int n = 2000;
    int dim = 16;
    float[] k = keys(n, dim, 12, 1);
    float[] q = keys(50, dim, 12, 2);
    IvfLayout layout = IvfLayout.train(k, n, dim, 20, 5, 3);
    assertThat(layout.cells()).isBetween(2, 20);
    assertEveryCellProbedIsExact(k, q, layout);
  }

  @Test
  void manySmallCellsOfUnequalSizeGiveTheExactNeighbours() {
    // 150 cells of about 13 keys: partial strips, some cells smaller than k (fewer candidates each).
    int n = 2000;
    int dim = 16;
    float[] k = keys(n, dim, 40, 11);
    float[] q = keys(64, dim, 40, 12);
    IvfLayout layout = IvfLayout.train(k, n, dim, 150, 3, 13);
    assertThat(Arrays.stream(layout.members()).mapToInt(m -> m.length).min().orElseThrow()).isLessThan(10);
    assertEveryCellProbedIsExact(k, q, layout);
  }

  /** Searching every cell of {@code layout} over {@code keys} gives exact search's neighbours of {@code q}. */
  private static void assertEveryCellProbedIsExact(float[] keys, float[] q, IvfLayout layout) {
    int nq = q.length / layout.dim();
    try (IvfIndex ivf = IvfIndex.open(keys, layout, layout.cells());
        ExactIndex exact = new ExactIndex(keys, layout.size(), layout.dim())) {
      assertSameNeighbours(ivf.search(q, nq, 10), exact.search(q, nq, 10));
    }
  }

  @Test
  void cellsLargerThanAStripAndAnOddDimensionGiveTheExactNeighbours() {
    // 3 cells of ~330 keys: several strips each, the last one partial; dim 19 is no multiple of a vector.
    int n = 1000;
    int dim = 19;
    float[] k = keys(n, dim, 3, 21);
    float[] q = keys(77, dim, 3, 22);
    IvfLayout layout = IvfLayout.train(k, n, dim, 3, 4, 23);
    assertThat(Arrays.stream(layout.members()).mapToInt(m -> m.length).max().orElseThrow())
        .isGreaterThan(2 * PackedKeys.STRIP);
    assertEveryCellProbedIsExact(k, q, layout);
  }

  @Test
  void centroidsLearnedFromASampleStillPutEveryKeyInItsNearestCell() {
    // 4 cells x 256 sampled keys < 3,000: k-means runs on the sample, then every key is assigned.
    int n = 3000;
    int dim = 8;
    float[] k = keys(n, dim, 6, 31);
    IvfLayout trained = IvfLayout.train(k, n, dim, 4, 4, 32);
    IvfLayout assigned = IvfLayout.assign(k, n, dim, trained.centroids(), n);
    assertThat(n).isGreaterThan(4 * IvfLayout.SAMPLE_PER_CELL);
    assertThat(trained.members()).isDeepEqualTo(assigned.members());
    assertThat(trained.trained()).isEqualTo(n);
    assertEveryCellProbedIsExact(k, keys(20, dim, 6, 33), trained);
  }

  @Test
  void recallRisesWithProbes() {
    int n = 4000;
    int dim = 16;
    float[] k = keys(n, dim, 40, 4);
    float[] q = keys(200, dim, 40, 5);
    double last = -1;
    try (ExactIndex exact = new ExactIndex(k, n, dim)) {
      Neighbors e = exact.search(q, 200, 10);
      for (int probes : new int[] {1, 4, 16, 64}) {
        try (IvfIndex ivf = IvfIndex.build(k, n, dim, 64, 5, probes, 6)) {
          double recall = Recall.atK(ivf.search(q, 200, 10), e);
          assertThat(recall).as("recall@10 with %d probes", probes).isGreaterThanOrEqualTo(last);
          last = recall;
        }
      }
    }
    assertThat(last).as("all cells probed").isEqualTo(1.0);
  }

  @Test
  void aQueryWhoseCellsHoldTooFewKeysProbesFurther() {
    int n = 300;
    float[] k = keys(n, 8, 30, 7);
    try (IvfIndex ivf = IvfIndex.build(k, n, 8, 100, 3, 1, 8)) {
      Neighbors nb = ivf.search(keys(5, 8, 30, 9), 5, 50);
      Set<Integer> seen = new HashSet<>();
      for (int j = 0; j < 50; j++) {
        assertThat(nb.id(0, j)).isBetween(0, n - 1);
        assertThat(seen.add(nb.id(0, j))).as("no repeated neighbour").isTrue();
        if (j > 0) {
          assertThat(nb.sim(0, j)).isLessThanOrEqualTo(nb.sim(0, j - 1));
        }
      }
    }
  }

  @Test
  void keysAddedToTrainedCellsEqualAssigningAllKeysAfresh() {
    int n = 3000;
    int dim = 16;
    float[] all = keys(n, dim, 20, 11);
    IvfLayout trained = IvfLayout.train(all, 2000, dim, 30, 5, 12);
    IvfLayout grown = trained.add(all, n);
    IvfLayout afresh = IvfLayout.assign(all, n, dim, trained.centroids(), trained.trained());
    assertThat(grown.size()).isEqualTo(n);
    assertThat(grown.trained()).isEqualTo(2000);
    assertThat(grown.members()).isDeepEqualTo(afresh.members());
    // The first 2000 stay where training put them; the new ones join, ids ascending in every cell.
    for (int j = 0; j < grown.cells(); j++) {
      assertThat(grown.members()[j]).startsWith(trained.members()[j]).isSorted();
    }
    float[] q = keys(40, dim, 20, 13);
    try (IvfIndex a = IvfIndex.open(all, grown, 4);
        IvfIndex b = IvfIndex.open(all, afresh, 4);
        IvfIndex every = IvfIndex.open(all, grown, grown.cells());
        ExactIndex exact = new ExactIndex(all, n, dim)) {
      Neighbors na = a.search(q, 40, 10);
      assertThat(na.ids()).containsExactly(b.search(q, 40, 10).ids());
      assertThat(na.sims()).containsExactly(b.search(q, 40, 10).sims());
      assertThat(every.search(q, 40, 10).ids()).as("all cells probed after the add")
          .containsExactly(exact.search(q, 40, 10).ids());
    }
  }

  @Test
  void cellsPlacedThroughGroupedCentroidsAddAsTheyAssignAndStayExactWhenAllProbed() {
    // More cells than are ranked by scoring every centroid: k-means, assignment and adds go through groups.
    int n = 6000;
    int dim = 16;
    float[] all = keys(n, dim, 300, 41);
    IvfLayout trained = IvfLayout.train(all, 5000, dim, 1400, 3, 42);
    assertThat(trained.cells()).isGreaterThan(CellRanking.ROUTED_ABOVE);
    IvfLayout grown = trained.add(all, n);
    assertThat(grown.members()).isDeepEqualTo(IvfLayout.assign(all, n, dim, trained.centroids(), 5000).members());
    assertEveryCellProbedIsExact(all, keys(30, dim, 300, 43), grown);
  }

  @Test
  void defaultCellsAreRootNUpToThePapersBankThenHoldAboutCellKeysEachAndProbesGrowWithThem() {
    assertThat(IvfIndex.defaultCells(10_000)).isEqualTo(100);
    assertThat(IvfIndex.defaultCells(409_600)).isEqualTo(640);
    assertThat(IvfIndex.defaultCells(4_000_000)).isEqualTo(6250);
    assertThat(IvfIndex.defaultCells(1)).isEqualTo(1);
    assertThat(IvfIndex.defaultProbes(100)).isEqualTo(IvfIndex.DEFAULT_PROBES);
    assertThat(IvfIndex.defaultProbes(640)).isEqualTo(IvfIndex.DEFAULT_PROBES);
    assertThat(IvfIndex.defaultProbes(1563)).isEqualTo(10); // 8 · 2.44^0.3 = 10.5
    assertThat(IvfIndex.defaultProbes(6250)).isEqualTo(16); // 8 · 9.77^0.3 = 15.9
  }

  @Test
  void layoutsRoundTripThroughTheirFileAndDamagedFilesAreRefused(@TempDir Path dir) throws Exception {
    int n = 500;
    float[] k = keys(n, 8, 6, 21);
    IvfLayout l = IvfLayout.train(k, n, 8, 10, 3, 22);
    Path f = dir.resolve("x.bank.ivf");
    long crc = IvfFile.keysChecksum(k, n, 8);
    IvfFile.write(f, l, crc);
    IvfFile.Saved back = IvfFile.read(f);
    assertThat(back.keysChecksum()).isEqualTo(crc);
    assertThat(back.layout().centroids()).containsExactly(l.centroids());
    assertThat(back.layout().members()).isDeepEqualTo(l.members());
    assertThat(back.layout().trained()).isEqualTo(n);

    byte[] bytes = Files.readAllBytes(f);
    byte[] flipped = bytes.clone();
    flipped[bytes.length / 2] ^= 1;
    Path bad = dir.resolve("flipped.ivf");
    Files.write(bad, flipped);
    assertThatThrownBy(() -> IvfFile.read(bad)).isInstanceOf(CorruptFileException.class)
        .hasMessageContaining("flipped.ivf");
    Path cut = dir.resolve("cut.ivf");
    Files.write(cut, Arrays.copyOf(bytes, bytes.length - 9));
    assertThatThrownBy(() -> IvfFile.read(cut)).isInstanceOf(TruncatedFileException.class);

    float[] other = k.clone();
    other[5] += 1e-3f;
    assertThat(IvfFile.keysChecksum(other, n, 8)).as("one changed key value").isNotEqualTo(crc);
    assertThat(IvfFile.keysChecksum(k, n - 1, 8)).as("one key fewer").isNotEqualTo(crc);
  }
}
