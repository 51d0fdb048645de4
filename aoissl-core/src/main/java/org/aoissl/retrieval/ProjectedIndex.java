package org.aoissl.retrieval;

/**
 * Search in a PCA projection of the bank: keys and queries are projected to r dimensions (and
 * re-normalised) before an exact search, which cuts the search cost by D/r at some loss of recall.
 * Similarities returned are those of the projected vectors.
 */
public final class ProjectedIndex implements NeighborIndex {
  private final Pca pca;
  private final ExactIndex inner;

  /** Fits the projection on (a sample of) {@code keys} and indexes the projected keys. */
  public static ProjectedIndex fit(float[] keys, int n, int dim, int rank, long seed) {
    Pca pca = Pca.fit(keys, n, dim, rank, 50_000, seed);
    return new ProjectedIndex(pca, keys, n);
  }

  public ProjectedIndex(Pca pca, float[] keys, int n) {
    this.pca = pca;
    this.inner = new ExactIndex(pca.project(keys, n), n, pca.rank());
  }

  public Pca pca() {
    return pca;
  }

  @Override
  public int size() {
    return inner.size();
  }

  @Override
  public int dim() {
    return pca.dim();
  }

  @Override
  public Neighbors search(float[] queries, int n, int k) {
    return inner.search(pca.project(queries, n), n, k);
  }

  @Override
  public void close() {
    inner.close();
  }
}
