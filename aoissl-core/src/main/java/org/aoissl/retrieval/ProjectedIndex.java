package org.aoissl.retrieval;

/**
 * Search in a PCA projection of the bank: keys and queries are projected to r dimensions (and
 * re-normalised) before the search, which cuts the search cost by D/r at some loss of recall. The
 * search itself is any index over the projected keys (exact by default, or an HNSW graph built on
 * them); this class only projects the queries on their way in. Similarities returned are those of the
 * projected vectors.
 */
public final class ProjectedIndex implements NeighborIndex {
  private final Pca pca;
  private final NeighborIndex inner;

  /** Fits the projection on (a sample of) {@code keys} and indexes the projected keys. */
  public static ProjectedIndex fit(float[] keys, int n, int dim, int rank, long seed) {
    Pca pca = Pca.fit(keys, n, dim, rank, 50_000, seed);
    return new ProjectedIndex(pca, keys, n);
  }

  /** Exact search over {@code keys} ({@code [n, D]}, full width) projected by {@code pca}. */
  public ProjectedIndex(Pca pca, float[] keys, int n) {
    this(pca, new ExactIndex(pca.project(keys, n), n, pca.rank()));
  }

  /**
   * Searches {@code inner}, an index over keys already projected by {@code pca} ({@code [n, r]}), with
   * full-width queries; takes ownership of {@code inner} (closing this closes it).
   */
  public ProjectedIndex(Pca pca, NeighborIndex inner) {
    if (inner.dim() != pca.rank()) {
      inner.close();
      throw new IllegalArgumentException("the inner index has keys of width " + inner.dim()
          + "; the PCA projects to " + pca.rank());
    }
    this.pca = pca;
    this.inner = inner;
  }

  public Pca pca() {
    return pca;
  }

  /** The index over the projected keys. */
  public NeighborIndex inner() {
    return inner;
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
    ExactIndex.checkQueries(queries, n, k, inner.size(), pca.dim());
    return inner.search(pca.project(queries, n), n, k);
  }

  @Override
  public void close() {
    inner.close();
  }
}
