package org.aoissl.retrieval;

import java.util.Arrays;
import java.util.Set;

/**
 * How a bank's neighbours become a mask; stored with the bank so a tuned bank segments the way it was
 * tuned.
 *
 * @param method aggregator: "distance" (inverse-distance weighted kNN), "attention" (softmax of
 *     cosine / beta over the neighbours, as Hummingbird) or "image" (blend the masks of the nearest
 *     support images by CLS)
 * @param k neighbours per query
 * @param beta attention temperature
 * @param thresholds per class: a pixel has class c when its score is at least {@code thresholds[c]}
 * @param blocks vote with the neighbours' full label blocks instead of upsampling patch scores (needs a
 *     bank with blocks)
 * @param tuned whether k, beta and thresholds came from cross-validation on the support set
 * @param notes free text (e.g. what the tuning found)
 */
public record BankSettings(
    String method, int k, float beta, float[] thresholds, boolean blocks, boolean tuned, String notes) {
  public BankSettings {
    if (!Aggregators.exists(method)) {
      throw new IllegalArgumentException("method must be one of " + Aggregators.methods() + "; got " + method);
    }
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1; got " + k);
    }
    if (!(beta > 0) || Float.isInfinite(beta)) {
      throw new IllegalArgumentException("beta must be > 0; got " + beta);
    }
    if (thresholds == null || thresholds.length == 0) {
      throw new IllegalArgumentException("need one threshold per class");
    }
    for (float t : thresholds) {
      if (!(t >= 0 && t <= 1)) {
        throw new IllegalArgumentException("thresholds must be in [0, 1]; got " + Arrays.toString(thresholds));
      }
    }
    thresholds = thresholds.clone();
    notes = notes == null ? "" : notes;
  }

  /** distance, k = 10, beta = 0.02, threshold 0.5 for each of {@code numClasses} classes, untuned. */
  public static BankSettings defaults(int numClasses) {
    float[] t = new float[numClasses];
    Arrays.fill(t, 0.5f);
    return new BankSettings("distance", 10, 0.02f, t, false, false, "");
  }

  @Override
  public float[] thresholds() {
    return thresholds.clone();
  }

  public float threshold(int c) {
    return thresholds[c];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BankSettings s && method.equals(s.method) && k == s.k && beta == s.beta
        && Arrays.equals(thresholds, s.thresholds) && blocks == s.blocks && tuned == s.tuned && notes.equals(s.notes);
  }

  @Override
  public int hashCode() {
    return (method.hashCode() * 31 + k) * 31 + Arrays.hashCode(thresholds);
  }

  @Override
  public String toString() {
    return "BankSettings[" + method + ", k " + k + ", beta " + beta + ", thresholds " + Arrays.toString(thresholds)
        + (blocks ? ", blocks" : "") + (tuned ? ", tuned" : "") + (notes.isEmpty() ? "" : ", " + notes) + "]";
  }
}
