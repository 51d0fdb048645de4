package org.aoissl.retrieval;

import java.util.Arrays;

/**
 * The k nearest bank entries of each of {@code queries} query vectors, best first, row-major:
 * entry {@code ids[q * k + j]} is the j-th neighbour of query q, with cosine similarity
 * {@code sims[q * k + j]} (keys and queries are L2-normalised, so this is their dot product).
 */
public record Neighbors(int queries, int k, int[] ids, float[] sims) {
  public Neighbors {
    if (ids.length != queries * k || sims.length != queries * k) {
      throw new IllegalArgumentException("expected " + queries + " x " + k + " neighbours, got "
          + ids.length + " ids and " + sims.length + " similarities");
    }
  }

  public int id(int query, int j) {
    return ids[query * k + j];
  }

  public float sim(int query, int j) {
    return sims[query * k + j];
  }

  /** Queries {@code from .. from + count} of these, as their own neighbours (these when that is all). */
  public Neighbors rows(int from, int count) {
    if (from < 0 || count < 0 || from + count > queries) {
      throw new IndexOutOfBoundsException("rows " + from + " + " + count + " of " + queries);
    }
    if (from == 0 && count == queries) {
      return this;
    }
    return new Neighbors(count, k, Arrays.copyOfRange(ids, from * k, (from + count) * k),
        Arrays.copyOfRange(sims, from * k, (from + count) * k));
  }
}
