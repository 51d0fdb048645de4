package org.aoissl.retrieval;

/** How much of the exact answer an approximate index finds. */
public final class Recall {
  private Recall() {}

  /**
   * Recall@k: the fraction of the exact top-k ids, over all {@code n} queries, that the approximate
   * top-k also returns (order within the k is ignored).
   */
  public static double atK(NeighborIndex approx, NeighborIndex exact, float[] queries, int n, int k) {
    if (n < 1) {
      throw new IllegalArgumentException("need at least one query; got " + n);
    }
    return atK(approx.search(queries, n, k), exact.search(queries, n, k));
  }

  /** Recall of {@code approx} against {@code exact}: the same queries and k. */
  public static double atK(Neighbors approx, Neighbors exact) {
    if (approx.queries() != exact.queries() || approx.k() != exact.k()) {
      throw new IllegalArgumentException("compare results of the same queries and k; got "
          + approx.queries() + " x " + approx.k() + " and " + exact.queries() + " x " + exact.k());
    }
    int k = exact.k();
    long found = 0;
    for (int q = 0; q < exact.queries(); q++) {
      for (int j = 0; j < k; j++) {
        int id = exact.id(q, j);
        for (int i = 0; i < k; i++) {
          if (approx.id(q, i) == id) {
            found++;
            break;
          }
        }
      }
    }
    return (double) found / ((long) exact.queries() * k);
  }
}
