package org.aoissl.retrieval;

/**
 * The paper's inverse-distance weighted kNN: with cosine distance d_j = 1 − cos_j, neighbour j gets
 * weight 1 / (d_j + 1e-8), normalised to sum 1. A neighbour identical to the query therefore dominates
 * completely, and far neighbours still keep a say (unlike the attention aggregator at small β).
 */
public final class DistanceAggregator implements Aggregator {
  /** Keeps the weight finite for a neighbour identical to the query (as the paper does). */
  static final double EPSILON = 1e-8;

  @Override
  public float[] weights(Neighbors nb, int query, int k) {
    Aggregator.requireK(nb, k);
    double[] w = new double[k];
    double sum = 0;
    for (int j = 0; j < k; j++) {
      // Rounding can make a unit-vector dot product exceed 1 slightly; a negative distance would give
      // a huge negative weight, so distances are clamped at 0.
      double d = Math.max(0, 1.0 - nb.sim(query, j));
      w[j] = 1.0 / (d + EPSILON);
      sum += w[j];
    }
    float[] out = new float[k];
    for (int j = 0; j < k; j++) {
      out[j] = (float) (w[j] / sum);
    }
    return out;
  }

  @Override
  public String toString() {
    return "DistanceAggregator";
  }
}
