package org.aoissl.retrieval;

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
}
