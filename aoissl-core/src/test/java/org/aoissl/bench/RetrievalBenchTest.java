package org.aoissl.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.aoissl.retrieval.HnswParams;
import org.junit.jupiter.api.Test;

class RetrievalBenchTest {
  @Test
  void aTinyRunGivesOneRowPerSizeAndBeam() {
    List<String> log = new ArrayList<>();
    List<RetrievalBench.Row> rows = RetrievalBench.costVsSize(16, 40, 5, new long[] {300, 600}, 3,
        new HnswParams(8, 20, 10), new int[] {5, 40}, log::add);
    assertThat(rows).hasSize(4);
    assertThat(rows).extracting(RetrievalBench.Row::size).containsExactly(300L, 300L, 600L, 600L);
    assertThat(rows).extracting(r -> r.params().efSearch()).containsExactly(5, 40, 5, 40);
    for (RetrievalBench.Row r : rows) {
      assertThat(r.dim()).isEqualTo(16);
      assertThat(r.queries()).isEqualTo(40);
      assertThat(r.k()).isEqualTo(5);
      assertThat(r.exactSecondsPer1024()).isPositive().isFinite();
      assertThat(r.hnswBuildSeconds()).isPositive().isFinite();
      assertThat(r.hnswSecondsPer1024()).isPositive().isFinite();
      assertThat(r.hnswOneThreadSecondsPer1024()).isPositive().isFinite();
      assertThat(r.recall()).isBetween(0.0, 1.0);
    }
    // a wide beam on 300 keys explores nearly the whole graph
    assertThat(rows.get(1).recall()).isGreaterThan(0.9);
    assertThat(log.get(0)).startsWith("machine: ");
    assertThat(log).anyMatch(line -> line.startsWith("size 600 dim 16: exact"));
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
