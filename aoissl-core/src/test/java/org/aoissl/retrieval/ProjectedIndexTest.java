package org.aoissl.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** ProjectedIndex over exact and HNSW inner indexes, and SubsetIndex over projected rows, by hand. */
class ProjectedIndexTest {
  /** Projects onto the first two axes: (x, y, z) -> (x, y) / |(x, y)|. */
  static final Pca XY = Pca.fromArrays(new float[3], new float[] {1, 0, 0, 0, 1, 0}, 2);

  static final float[] KEYS = {
    1, 0, 0, // projected (1, 0)
    0.36f, 0.48f, 0.8f, // (0.6, 0.8)
    0.8f, 0.6f, 0, // (0.8, 0.6)
    0, 1, 0, // (0, 1)
  };

  // Full width the query (0.8, 0, 0.6) ranks keys 0, 1, 2, 3 (0.8, 0.768, 0.64, 0); projected to (1, 0)
  // it ranks 0, 2, 1, 3 (1, 0.8, 0.6, 0).
  static final float[] QUERY = {0.8f, 0, 0.6f};

  @Test
  void exactAndHnswInnerIndexesRankByTheProjectedKeys() {
    try (ProjectedIndex exact = new ProjectedIndex(XY, KEYS, 4);
        ProjectedIndex hnsw = new ProjectedIndex(XY, HnswIndex.build(XY.project(KEYS, 4), 4, 2, HnswParams.DEFAULT))) {
      for (ProjectedIndex idx : new ProjectedIndex[] {exact, hnsw}) {
        assertThat(idx.dim()).isEqualTo(3);
        assertThat(idx.size()).isEqualTo(4);
        Neighbors nb = idx.search(QUERY, 1, 3);
        assertThat(nb.ids()).containsExactly(0, 2, 1);
        assertThat(nb.sims()).containsExactly(new float[] {1, 0.8f, 0.6f}, within(1e-6f));
      }
    }
  }

  @Test
  void anInnerIndexNotInTheProjectedSpaceIsRefused() {
    assertThatThrownBy(() -> new ProjectedIndex(XY, new ExactIndex(KEYS, 4, 3)))
        .hasMessageContaining("width 3").hasMessageContaining("projects to 2");
  }

  @Test
  void aSubsetOfProjectedRowsAnswersWithTheirRowIds() {
    try (ProjectedIndex idx = new ProjectedIndex(XY, new SubsetIndex(XY.project(KEYS, 4), 2, new int[] {1, 2, 3}))) {
      Neighbors nb = idx.search(QUERY, 1, 3);
      assertThat(nb.ids()).containsExactly(2, 1, 3);
      assertThat(nb.sims()).containsExactly(new float[] {0.8f, 0.6f, 0}, within(1e-6f));
    }
  }
}
