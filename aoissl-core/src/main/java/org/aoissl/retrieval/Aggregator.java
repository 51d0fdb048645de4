package org.aoissl.retrieval;

/**
 * Turns the retrieved neighbours of each query patch into per-class scores: a weighted average of the
 * neighbours' labels, the weights coming from their similarities to the query. Implementations differ
 * only in how similarities become weights, so {@link BlockVoting} can reuse {@link #weights} for
 * pixel-level votes.
 */
public interface Aggregator {
  /**
   * The weights of the first {@code k} neighbours of one query, in neighbour order; they are
   * non-negative and sum to 1.
   */
  float[] weights(Neighbors nb, int query, int k);

  /**
   * Per-class scores of every query patch, {@code [nq, K]} row-major (K = {@code labels.numClasses()}):
   * score = Σ_j w_j · fraction(neighbour_j, class). Multi-label: the K scores of one patch need not sum
   * to 1.
   *
   * @param k how many of {@code nb}'s neighbours to use (the best {@code k}); {@code 1 <= k <= nb.k()}
   */
  default float[] patchScores(Neighbors nb, LabelStore labels, int k) {
    requireK(nb, k);
    int numClasses = labels.numClasses();
    float[] out = new float[nb.queries() * numClasses]; // [nq, K]
    double[] acc = new double[numClasses];
    for (int q = 0; q < nb.queries(); q++) {
      float[] w = weights(nb, q, k);
      java.util.Arrays.fill(acc, 0);
      for (int j = 0; j < k; j++) {
        int entry = nb.id(q, j);
        for (int c = 0; c < numClasses; c++) {
          acc[c] += w[j] * labels.fraction(entry, c);
        }
      }
      for (int c = 0; c < numClasses; c++) {
        out[q * numClasses + c] = (float) acc[c];
      }
    }
    return out;
  }

  /** Checks {@code 1 <= k <= nb.k()}, naming both in the message. */
  static void requireK(Neighbors nb, int k) {
    if (k < 1 || k > nb.k()) {
      throw new IllegalArgumentException(
          "k must be in [1, " + nb.k() + "] (the neighbours retrieved); got " + k);
    }
  }
}
