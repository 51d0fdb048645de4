package org.aoissl.retrieval;

import java.util.Arrays;

/**
 * The {@code k} best (similarity, id) pairs of each query, best first: higher similarity first and,
 * between equal similarities, the lower id, so the result does not depend on the order entries are
 * offered in (one scan or several merged).
 */
final class BestK {
  private final int k;
  private final float[] sims; // [nq, k]
  private final int[] ids; // [nq, k], -1 where empty

  BestK(int nq, int k) {
    this.k = k;
    this.sims = new float[nq * k];
    this.ids = new int[nq * k];
    Arrays.fill(sims, Float.NEGATIVE_INFINITY);
    Arrays.fill(ids, -1);
  }

  /**
   * Offers {@code count} candidates to query {@code q}: similarity {@code scores[at + j]} for entry
   * {@code entries[first + j]}.
   */
  void offer(int q, float[] scores, int at, int count, int[] entries, int first) {
    int off = q * k;
    int last = off + k - 1;
    for (int j = 0; j < count; j++) {
      float s = scores[at + j];
      if (s >= sims[last]) { // cheap reject: most candidates fall below the k-th best
        insert(off, s, entries[first + j]);
      }
    }
  }

  /** Every entry of {@code other} (over the same queries and k) offered here; returns this. */
  BestK merge(BestK other) {
    for (int q = 0; q * k < ids.length; q++) {
      for (int j = q * k; j < q * k + k && other.ids[j] >= 0; j++) {
        insert(q * k, other.sims[j], other.ids[j]);
      }
    }
    return this;
  }

  Neighbors toNeighbors(int nq) {
    return new Neighbors(nq, k, ids, sims);
  }

  /** Puts (sim, id) into a query's row of k if it belongs there. */
  private void insert(int off, float sim, int id) {
    int last = off + k - 1;
    if (!better(sim, id, sims[last], ids[last])) {
      return;
    }
    int p = last;
    while (p > off && better(sim, id, sims[p - 1], ids[p - 1])) {
      sims[p] = sims[p - 1];
      ids[p] = ids[p - 1];
      p--;
    }
    sims[p] = sim;
    ids[p] = id;
  }

  private static boolean better(float sim, int id, float otherSim, int otherId) {
    if (otherId < 0) {
      return true; // an empty slot
    }
    return sim > otherSim || (sim == otherSim && id < otherId);
  }
}
