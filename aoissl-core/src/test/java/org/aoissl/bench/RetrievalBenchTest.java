package org.aoissl.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.aoissl.retrieval.HnswParams;
import org.junit.jupiter.api.Test;

class RetrievalBenchTest {
  @Test
  void aTinyRunGivesOneRowPerSizeWithHnswUpToItsLimit() {
    List<String> log = new ArrayList<>();
    List<RetrievalBench.Row> rows = RetrievalBench.costVsSize(16, 40, 5, new long[] {300, 600}, 3,
        new HnswParams(8, 20, 40), 300, log::add);
    assertThat(rows).extracting(RetrievalBench.Row::size).containsExactly(300L, 600L);
    for (RetrievalBench.Row r : rows) {
      assertThat(r.dim()).isEqualTo(16);
      assertThat(r.queries()).isEqualTo(40);
      assertThat(r.k()).isEqualTo(5);
      assertThat(r.exactSeconds()).isPositive().isFinite();
      assertThat(r.ivfCells()).isBetween(1, (int) r.size());
      assertThat(r.ivfBuildSeconds()).isPositive().isFinite();
      assertThat(r.ivfSeconds()).isPositive().isFinite();
      assertThat(r.ivfRecall()).isBetween(0.0, 1.0);
    }
    // a wide beam on 300 keys explores nearly the whole graph; above the limit HNSW is not built
    assertThat(rows.get(0).hnswRecall()).isGreaterThan(0.9);
    assertThat(rows.get(0).hnswBuildSeconds()).isPositive().isFinite();
    assertThat(rows.get(1).hnswSeconds()).isNaN();
    assertThat(log.get(0)).startsWith("machine: ");
    assertThat(log).anyMatch(line -> line.startsWith("size 600 dim 16: exact") && line.contains("ivf")
        && !line.contains("hnsw"));
  }

  @Test
  void clusteredKeysAreUnitVectorsAndReproducible() {
    ClusteredKeys gen = new ClusteredKeys(24, 5);
    float[] a = gen.sample(50, 6);
    assertThat(a).containsExactly(new ClusteredKeys(24, 5).sample(50, 6));
    for (int i = 0; i < 50; i++) {
      double s = 0;
      for (int d = 0; d < 24; d++) {
        s += a[i * 24 + d] * a[i * 24 + d];
      }
      assertThat(s).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-5));
    }
  }
}
