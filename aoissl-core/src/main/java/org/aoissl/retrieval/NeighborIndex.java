package org.aoissl.retrieval;

/**
 * Nearest-neighbour search by cosine similarity over a fixed set of L2-normalised keys (entry i is the
 * i-th key the index was built from).
 */
public interface NeighborIndex extends AutoCloseable {
  /** Number of keys. */
  int size();

  /** Key dimension. */
  int dim();

  /**
   * The {@code k} most similar keys of each query, best first.
   *
   * @param queries {@code [n, dim]} row-major, L2-normalised
   */
  Neighbors search(float[] queries, int n, int k);

  @Override
  void close();
}
