package org.aoissl.retrieval;

/**
 * Hummingbird's cross-attention over the retrieved neighbours: weights = softmax(cos_j / β) over the
 * k neighbours. A small temperature (Hummingbird's 0.02) makes the nearest neighbours dominate sharply;
 * a large one approaches the plain average.
 *
 * @param beta softmax temperature, &gt; 0
 */
public record AttentionAggregator(float beta) implements Aggregator {
  /** Hummingbird's temperature. */
  public static final float DEFAULT_BETA = 0.02f;

  public AttentionAggregator {
    if (!(beta > 0) || Float.isInfinite(beta)) {
      throw new IllegalArgumentException("beta must be a positive finite number; got " + beta);
    }
  }

  public AttentionAggregator() {
    this(DEFAULT_BETA);
  }

  @Override
  public float[] weights(Neighbors nb, int query, int k) {
    Aggregator.requireK(nb, k);
    // Subtracting the largest logit keeps exp() from overflowing at β = 0.02 (logits up to 50) and
    // leaves the softmax unchanged. Approximate indexes need not return neighbours sorted, so the
    // maximum is searched rather than taken from the first neighbour.
    double max = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < k; j++) {
      max = Math.max(max, nb.sim(query, j));
    }
    double[] e = new double[k];
    double sum = 0;
    for (int j = 0; j < k; j++) {
      e[j] = Math.exp((nb.sim(query, j) - max) / beta);
      sum += e[j];
    }
    float[] out = new float[k];
    for (int j = 0; j < k; j++) {
      out[j] = (float) (e[j] / sum);
    }
    return out;
  }
}
